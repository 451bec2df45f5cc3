import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'

// The test server checks sessions on every request by default; this one remembers live answers
// for a second, as a production server does (services.ts' default `sessionCheckTtlMs`).
describe('remembered session checks (sessionCheckTtlMs 1000)', () => {
  const TTL_MS = 1000
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer({ sessionCheckTtlMs: TTL_MS })
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

  it('stops a session remembered as live within the TTL of its revocation', async () => {
    const { tenant, customer } = server.acme
    const fresh = await server.signIn(tenant, customer.email, customer.password)
    const read = () => server.request('GET', '/api/tenant', { token: fresh.accessToken })
    const remembered = performance.now()
    expect((await read()).status).toBe(200)
    const revoking = performance.now()
    const revoked = await server.services.sessions.revokeSession({
      tenantId: tenant.id,
      sessionId: fresh.sessionId,
    })
    expect(revoked.ok).toBe(true)
    // Still answered from memory when asked well within the TTL of the remembered check: the
    // test below then shows the expiry, not a cache that was never used.
    const first = performance.now()
    const status = (await read()).status
    if (first - remembered < TTL_MS / 2) expect(status).toBe(200)
    // Asked until refused, for at most the TTL plus a margin for a busy machine.
    const deadline = revoking + TTL_MS + 1500
    let refusedAt: number | undefined
    while (refusedAt === undefined && performance.now() < deadline) {
      if ((await read()).status === 401) refusedAt = performance.now()
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(refusedAt).toBeDefined()
  })
})
