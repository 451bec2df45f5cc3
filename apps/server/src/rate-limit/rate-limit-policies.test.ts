import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore } from './memory-rate-limit-store'
import { rateLimit } from './rate-limit'
import { ipKey, tenantKey } from './rate-limit-keys'
import type { RateLimitStore } from './rate-limit-store'

/** A memory store that counts the calls made to it. */
function countingStore(options: { readonly batch: boolean }) {
  const inner = createMemoryRateLimitStore()
  const calls = { hit: 0, hitMany: 0 }
  const store: RateLimitStore = {
    hit: (...args) => {
      calls.hit++
      return inner.hit(...args)
    },
    ...(options.batch
      ? {
          hitMany: (...args: Parameters<NonNullable<RateLimitStore['hitMany']>>) => {
            calls.hitMany++
            return inner.hitMany?.(...args) ?? Promise.reject(new Error('no hitMany'))
          },
        }
      : {}),
  }
  return { store, calls }
}

function app(store: RateLimitStore) {
  const server = new Hono<{ Variables: { tenantId: string } }>()
  server.use('*', async (c, next) => {
    c.set('tenantId', 't1')
    await next()
  })
  server.use(
    '*',
    rateLimit({
      store,
      limit: 1,
      windowMs: 60_000,
      keys: [ipKey({ trustedProxies: 1 })],
      also: [{ policy: 'tenant', limit: 10, keys: [tenantKey()] }],
      now: () => 0,
    }),
  )
  server.get('/ping', (c) => c.json({ ok: true }))
  return server
}

const from = (ip: string): RequestInit => ({ headers: { 'x-forwarded-for': ip } })

describe('rateLimit with several policies in one pass', () => {
  it('counts every policy’s keys in one store call and lists each policy in the headers', async () => {
    const { store, calls } = countingStore({ batch: true })
    const ok = await app(store).request('/ping', from('203.0.113.1'))
    expect(ok.status).toBe(200)
    expect(calls).toEqual({ hit: 0, hitMany: 1 })
    expect(ok.headers.get('RateLimit-Policy')).toBe('"default";q=1;w=60, "tenant";q=10;w=60')
    expect(ok.headers.get('RateLimit')).toBe('"default";r=0;t=60, "tenant";r=9;t=60')
  })

  for (const batch of [true, false]) {
    it(`does not count a request its address refused against its tenant (${batch ? 'hitMany' : 'hit by hit'})`, async () => {
      const server = app(countingStore({ batch }).store)
      expect((await server.request('/ping', from('203.0.113.1'))).status).toBe(200)
      const refused = await server.request('/ping', from('203.0.113.1'))
      expect(refused.status).toBe(429)
      // The refusal lists the policy that refused; the tenant's was not consulted.
      expect(refused.headers.get('RateLimit')).toBe('"default";r=0;t=60')
      expect(refused.headers.get('RateLimit-Policy')).toBe('"default";q=1;w=60')
      expect((await server.request('/ping', from('203.0.113.1'))).status).toBe(429)
      // Two refused requests later, the tenant has still counted only the one let through.
      const other = await server.request('/ping', from('203.0.113.2'))
      expect(other.status).toBe(200)
      expect(other.headers.get('RateLimit')).toBe('"default";r=0;t=60, "tenant";r=8;t=60')
    })
  }
})
