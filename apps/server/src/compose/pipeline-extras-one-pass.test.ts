import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '@rustok/http'
import { createLogger } from '../observability/logger'
import { createMemoryRateLimitStore } from '../rate-limit/memory-rate-limit-store'
import type { RateLimitKeyHit, RateLimitStore } from '../rate-limit/rate-limit-store'
import { testConfig } from '../testing/test-server.test-helper'
import { createPipelineExtras } from './pipeline-extras'
import type { Services } from './services'

// Only what createPipelineExtras reads; no query runs in these tests.
const services = {
  config: testConfig({ rateLimit: { enabled: true, limit: 1000 } }),
  db: {},
  logger: createLogger({ level: 'silent' }),
} as unknown as Services

/** A memory store that records the keys of every call. */
function recordingStore() {
  const inner = createMemoryRateLimitStore()
  const calls: string[][] = []
  const store: RateLimitStore = {
    hit: (key, windowMs, now) => {
      calls.push([key])
      return inner.hit(key, windowMs, now)
    },
    hitMany: (keys: readonly RateLimitKeyHit[], windowMs, now) => {
      calls.push(keys.map((k) => k.key))
      return inner.hitMany?.(keys, windowMs, now) ?? Promise.reject(new Error('no hitMany'))
    },
  }
  return { store, calls }
}

function app(store: RateLimitStore) {
  const { rateLimit, userRateLimit } = createPipelineExtras(services, { store })
  if (!rateLimit || !userRateLimit) throw new Error('rate limits expected')
  const server = new Hono<AppEnv>()
  server.use(async (c, next) => {
    c.set('tenantId', 't1')
    await next()
  })
  server.get(
    '/x',
    rateLimit,
    async (c, next) => {
      // Stands in for authentication: one good token, of user u1.
      if (c.req.header('authorization') !== 'Bearer good') return c.json({ error: 'no' }, 401)
      c.set('userId', 'u1')
      await next()
      return undefined
    },
    userRateLimit,
    (c) => c.json({ ok: true }),
  )
  return server
}

const withToken = (token: string): RequestInit => ({
  headers: { authorization: `Bearer ${token}` },
})

describe('createPipelineExtras: one rate-limit pass per request', () => {
  it('counts address, tenant and a known token’s user in one store call, each request once', async () => {
    const { store, calls } = recordingStore()
    const server = app(store)
    // First use of the token: its user is counted after authentication.
    expect((await server.request('/x', withToken('good'))).status).toBe(200)
    expect(calls).toEqual([['default:ip:unknown', 'tenant:tenant:t1'], ['user:user:u1']])
    calls.length = 0
    const second = await server.request('/x', withToken('good'))
    const third = await server.request('/x', withToken('good'))
    expect(third.status).toBe(200)
    expect(calls).toEqual([
      ['default:ip:unknown', 'tenant:tenant:t1', 'user:user:u1'],
      ['default:ip:unknown', 'tenant:tenant:t1', 'user:user:u1'],
    ])
    // Three requests, three counts for the user: none twice, none missed.
    expect(second.headers.get('RateLimit')).toContain('"user";r=998;')
    expect(third.headers.get('RateLimit')).toContain('"user";r=997;')
    expect(third.headers.get('RateLimit-Policy')?.match(/"user"/g)).toHaveLength(1)
  })

  it('counts no user for a token that never authenticated', async () => {
    const { store, calls } = recordingStore()
    const server = app(store)
    expect((await server.request('/x', withToken('forged'))).status).toBe(401)
    expect((await server.request('/x', withToken('forged'))).status).toBe(401)
    expect(calls.flat().some((key) => key.startsWith('user:'))).toBe(false)
  })
})
