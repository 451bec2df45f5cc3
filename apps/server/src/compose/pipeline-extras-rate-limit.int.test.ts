import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverModules } from '../modules/server-modules'
import {
  createTestServer,
  TEST_MODULE_OPTIONS,
  type TestServer,
} from '../testing/test-server.test-helper'
import { createPipelineExtras, TENANT_LIMIT_FACTOR } from './pipeline-extras'
import { pipelineTestModule } from './pipeline-extras.test-helper'

const LIMIT = 3
const PING = '/api/pipeline-test/ping'
const ME = '/api/pipeline-test/me'
let nextIp = 0
/** A client IP no other request of this file used. */
const freshIp = (): string => `198.51.100.${String(++nextIp)}`

describe('rate limits through the server', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer({
      modules: [
        ...serverModules(TEST_MODULE_OPTIONS),
        pipelineTestModule({ calls: 0, gate: Promise.resolve() }),
      ],
      config: {
        rateLimit: { enabled: true, limit: LIMIT, windowMs: 3_600_000 },
        // Not connected to (the test server has its database): says "instances share PostgreSQL".
        database: { url: 'postgres://unused@127.0.0.1:5432/unused' },
        // One proxy appends X-Forwarded-For: the tests choose the client's address with it.
        trustedProxies: 1,
      },
      extras: (services) => createPipelineExtras(services),
    })
  })
  afterAll(() => server.destroy())

  const from = (ip: string, init: { token?: string; tenant?: typeof server.acme } = {}) =>
    server.request('GET', init.token === undefined ? PING : ME, {
      tenant: init.tenant?.tenant,
      token: init.token,
      headers: { 'x-forwarded-for': ip },
    })

  it('answers 429 with RateLimit headers once one IP is over the limit', async () => {
    const ip = freshIp()
    for (let n = 1; n <= LIMIT; n++) {
      const ok = await from(ip, { tenant: server.globex })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('RateLimit-Policy')).toContain(`"default";q=${String(LIMIT)};w=3600`)
      expect(ok.headers.get('RateLimit')).toContain(`"default";r=${String(LIMIT - n)};`)
    }
    const refused = await from(ip, { tenant: server.globex })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(refused.headers.get('RateLimit')).toContain('"default";r=0;')
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED', retryable: true })
    expect((await from(freshIp(), { tenant: server.globex })).status).toBe(200)
  })

  it('limits requests with invalid tokens too: the limit runs before authentication', async () => {
    const ip = freshIp()
    for (let n = 1; n <= LIMIT; n++) {
      const unauthorized = await from(ip, { token: 'not.a.token', tenant: server.globex })
      expect(unauthorized.status).toBe(401)
    }
    const refused = await from(ip, { token: 'not.a.token', tenant: server.globex })
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
  })

  it('counts a signed-in user across IPs, and not the other users of the tenant', async () => {
    const token = server.acme.customer.accessToken
    for (let n = 1; n <= LIMIT; n++) expect((await from(freshIp(), { token })).status).toBe(200)
    const refused = await from(freshIp(), { token })
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(refused.headers.get('RateLimit')).toContain('"user";r=0;')
    expect((await from(freshIp(), { token: server.acme.admin.accessToken })).status).toBe(200)
  })

  it('counts a tenant across callers and IPs, at its own larger limit, and no other tenant', async () => {
    // Fresh IPs and no token: only the tenant dimension accumulates (on top of earlier tests).
    let refused: Response | undefined
    let allowed = 0
    for (let n = 0; n <= LIMIT * TENANT_LIMIT_FACTOR && !refused; n++) {
      const response = await from(freshIp())
      if (response.status === 429) refused = response
      else allowed++
    }
    expect(refused?.status).toBe(429)
    expect(refused?.headers.get('RateLimit')).toContain('"tenant";r=0;')
    expect(refused?.headers.get('RateLimit-Policy')).toContain(
      `"tenant";q=${String(LIMIT * TENANT_LIMIT_FACTOR)};w=3600`,
    )
    expect(allowed).toBeGreaterThan(LIMIT)
    expect((await from(freshIp(), { tenant: server.globex })).status).toBe(200)
  })

  it('counts in PostgreSQL when the server runs on it, so instances share the counts', async () => {
    const { rows } = await sql<{ key: string }>`select key from rate_limit_hits`.execute(
      server.services.db,
    )
    const keys = rows.map((row) => row.key)
    expect(keys).toContain(`user:user:${server.acme.customer.id}`)
    expect(keys).toContain(`tenant:tenant:${server.acme.tenant.id}`)
    expect(keys.some((key) => key.startsWith('default:ip:198.51.100.'))).toBe(true)
  })
})
