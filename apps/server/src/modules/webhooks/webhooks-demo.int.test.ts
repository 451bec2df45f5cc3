import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../compose/demo-seed'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

/** What `pnpm start` shows of webhooks: the demo tenant's example endpoint, disabled. */
describe('the demo webhooks', () => {
  let server: TestServer
  let token: string
  beforeAll(async () => {
    server = await createTestServer({ config: { demo: { adminPassword: 'demo-password-123' } } })
    const seeded = await seedDemo(server.services)
    token = (await server.signIn(seeded.tenant, seeded.adminEmail, 'demo-password-123')).accessToken
  }, 120_000)
  afterAll(() => server.destroy())

  it('lists the example endpoint, disabled, subscribed to product and order events', async () => {
    const response = await server.request('GET', '/api/webhooks/endpoints', {
      tenant: 'demo',
      token,
    })
    expect(response.status).toBe(200)
    const { items } = (await response.json()) as {
      items: { url: string; enabled: boolean; eventTypes: string[] }[]
    }
    expect(items).toEqual([
      expect.objectContaining({
        url: 'https://example.com/webhooks/rustok',
        enabled: false,
        eventTypes: ['product.*', 'order.*'],
      }),
    ])
  })
})
