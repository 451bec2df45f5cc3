import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'

// The test server checks sessions on every request by default; this one remembers live answers
// for a second, as a production server does (services.ts' default `sessionCheckTtlMs`).
describe('remembered session checks (sessionCheckTtlMs 1000)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer({ sessionCheckTtlMs: 1000 })
  })
  afterAll(() => server.destroy())

  it('answers a signed-in read, again and again', async () => {
    const { admin } = server.acme
    for (let i = 0; i < 3; i++) {
      const res = await server.request('GET', '/api/tenant', { token: admin.accessToken })
      expect(res.status).toBe(200)
    }
  })

  it('refuses a session revoked before its first check', async () => {
    const { tenant, customer } = server.acme
    const fresh = await server.signIn(tenant, customer.email, customer.password)
    const first = await server.services.sessions.revokeSession({
      tenantId: tenant.id,
      sessionId: fresh.sessionId,
    })
    expect(first.ok).toBe(true)
    const refused = await server.request('GET', '/api/tenant', { token: fresh.accessToken })
    expect(refused.status).toBe(401)
  })
})
