import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore } from './memory-rate-limit-store'
import { rateLimit } from './rate-limit'
import { ipKey, tenantKey } from './rate-limit-keys'

function app(limit: number, now: () => number) {
  const server = new Hono<{ Variables: { tenantId: string } }>()
  server.use('*', async (c, next) => {
    const tenant = c.req.header('x-test-tenant')
    if (tenant) c.set('tenantId', tenant)
    await next()
  })
  server.use(
    '*',
    rateLimit({
      store: createMemoryRateLimitStore(),
      limit,
      windowMs: 60_000,
      keys: [ipKey({ trustedProxies: 1 }), tenantKey()],
      now,
    }),
  )
  server.get('/ping', (c) => c.json({ ok: true }))
  return server
}

const from = (ip: string, tenant?: string): RequestInit => ({
  headers: { 'x-forwarded-for': ip, ...(tenant ? { 'x-test-tenant': tenant } : {}) },
})

describe('rateLimit', () => {
  it('counts per IP, answers 429 with Retry-After and problem+json past the limit', async () => {
    let now = 120_000 + 15_000
    const server = app(3, () => now)
    for (let n = 1; n <= 3; n++) {
      const ok = await server.request('/ping', from('203.0.113.1'))
      expect(ok.status).toBe(200)
      expect(ok.headers.get('RateLimit')).toBe(`"default";r=${3 - n};t=45`)
      expect(ok.headers.get('RateLimit-Policy')).toBe('"default";q=3;w=60')
    }
    const refused = await server.request('/ping', from('203.0.113.1'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('Retry-After')).toBe('45')
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json')
    expect(await refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' })

    // Another IP has its own budget; the next window starts afresh.
    expect((await server.request('/ping', from('203.0.113.2'))).status).toBe(200)
    now += 45_000
    expect((await server.request('/ping', from('203.0.113.1'))).status).toBe(200)
  })

  it('refuses when any dimension is over: a tenant shared by many IPs', async () => {
    const server = app(2, () => 0)
    expect((await server.request('/ping', from('198.51.100.1', 't1'))).status).toBe(200)
    expect((await server.request('/ping', from('198.51.100.2', 't1'))).status).toBe(200)
    expect((await server.request('/ping', from('198.51.100.3', 't1'))).status).toBe(429)
    expect((await server.request('/ping', from('198.51.100.3', 't2'))).status).toBe(200)
  })

  it('takes the client IP from the right of X-Forwarded-For, so a forged left part does not help', async () => {
    const server = app(1, () => 0)
    const forged = (left: string): RequestInit => ({
      headers: { 'x-forwarded-for': `${left}, 192.0.2.9` },
    })
    expect((await server.request('/ping', forged('10.0.0.1'))).status).toBe(200)
    expect((await server.request('/ping', forged('10.0.0.2'))).status).toBe(429)
  })

  it('lists every stacked policy in the headers, and refuses on the one that is over', async () => {
    const store = createMemoryRateLimitStore()
    const server = new Hono<{ Variables: { tenantId: string } }>()
    server.use('*', async (c, next) => {
      c.set('tenantId', 't1')
      await next()
    })
    const keys = { ip: [ipKey({ trustedProxies: 1 })], tenant: [tenantKey()] }
    server.use('*', rateLimit({ store, limit: 2, windowMs: 60_000, keys: keys.ip, now: () => 0 }))
    server.use(
      '*',
      rateLimit({
        store,
        limit: 3,
        windowMs: 60_000,
        keys: keys.tenant,
        policy: 'tenant',
        now: () => 0,
      }),
    )
    server.get('/ping', (c) => c.json({ ok: true }))
    const ok = await server.request('/ping', from('203.0.113.1'))
    expect(ok.headers.get('RateLimit-Policy')).toBe('"tenant";q=3;w=60, "default";q=2;w=60')
    expect(ok.headers.get('RateLimit')).toBe('"tenant";r=2;t=60, "default";r=1;t=60')
    await server.request('/ping', from('203.0.113.2'))
    await server.request('/ping', from('203.0.113.3'))
    const refused = await server.request('/ping', from('203.0.113.4'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('RateLimit')).toBe('"tenant";r=0;t=60, "default";r=1;t=60')
  })
})
