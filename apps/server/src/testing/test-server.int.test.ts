import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, TEST_RATE_LIMIT, type TestServer } from './test-server.test-helper'

// The route tests, the router walk and the cross-tenant matrix all run on this server: they test
// the chain production runs only if the test server runs it too.
describe('the test server runs the production chain', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it('rate-limits every route, at a limit no test meets', async () => {
    const response = await server.request('GET', '/api/auth/me', {
      token: server.acme.admin.accessToken,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('RateLimit-Policy')).toContain(`q=${TEST_RATE_LIMIT}`)
    expect(response.headers.get('RateLimit')).toMatch(/r=\d+/)
  })

  it('honours Idempotency-Key on mutating routes', async () => {
    const change = () =>
      server.request('PATCH', `/api/admin/users/${server.acme.customer.id}`, {
        token: server.acme.admin.accessToken,
        body: { name: 'Once' },
        headers: { 'Idempotency-Key': 'test-server-chain-1' },
      })
    const first = await change()
    const again = await change()
    expect([first.status, again.status]).toEqual([200, 200])
    expect(first.headers.get('Idempotent-Replayed')).toBeNull()
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
  })
})
