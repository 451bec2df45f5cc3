import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '@rustok/http'
import { createLogger } from '../observability/logger'
import type { RedisRateLimitPort } from '../rate-limit/redis-rate-limit-store'
import { testConfig } from '../testing/test-server.test-helper'
import { createPipelineExtras } from './pipeline-extras'
import type { Services } from './services'

// Only what createPipelineExtras reads; no query runs in these tests.
const services = (rateLimit: { enabled: boolean; limit?: number }): Services =>
  ({
    config: testConfig({ rateLimit }),
    db: {},
    logger: createLogger({ level: 'silent' }),
  }) as unknown as Services

describe('createPipelineExtras', () => {
  it('has no rate limit when it is switched off, and always supports Idempotency-Key', () => {
    const extras = createPipelineExtras(services({ enabled: false }))
    expect(extras.rateLimit).toBeUndefined()
    expect(extras.userRateLimit).toBeUndefined()
    expect(extras.idempotency).toBeTypeOf('function')
  })

  it('counts in Redis when given a client', async () => {
    const counts = new Map<string, number>()
    const redis: RedisRateLimitPort = {
      eval: (_script, _keys, key) => {
        const count = (counts.get(String(key)) ?? 0) + 1
        counts.set(String(key), count)
        return Promise.resolve(count)
      },
    }
    const { rateLimit } = createPipelineExtras(services({ enabled: true, limit: 1 }), { redis })
    if (!rateLimit) throw new Error('rate limit expected')
    const app = new Hono<AppEnv>()
    app.use(async (c, next) => {
      c.set('tenantId', 't1')
      await next()
    })
    app.get('/x', rateLimit, (c) => c.json({ ok: true }))
    expect((await app.request('/x')).status).toBe(200)
    expect((await app.request('/x')).status).toBe(429)
    expect([...counts.keys()].map((key) => key.replace(/:\d+$/, '')).sort()).toEqual([
      'rustok:rl:default:ip:unknown',
      'rustok:rl:tenant:tenant:t1',
    ])
  })
})
