import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { runRateLimitStoreContract } from './rate-limit-store.contract.test-helper'
import { createRedisRateLimitStore, type RedisRateLimitPort } from './redis-rate-limit-store'

const redisUrl = process.env.REDIS_URL

// Type-level check: a real ioredis client fits the structural port.
const _fitsPort = (client: Redis): RedisRateLimitPort => client

if (redisUrl === undefined) {
  process.stdout.write('[server] REDIS_URL is not set: Redis rate-limit store tests skipped\n')
}

describe.skipIf(redisUrl === undefined)('createRedisRateLimitStore on a real Redis', () => {
  const clients: Redis[] = []
  const client = (): Redis => {
    const redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 1 })
    clients.push(redis)
    return redis
  }
  const prefix = `test:${randomUUID()}:`
  // Failures must surface here, not be hidden by the in-memory fallback.
  const failLoudly = (error: unknown): never => {
    throw error
  }
  afterAll(async () => {
    const redis = client()
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await Promise.all(clients.map((redis) => redis.quit()))
  })

  runRateLimitStoreContract('createRedisRateLimitStore', () => [
    createRedisRateLimitStore({ redis: client(), prefix, onError: failLoudly }),
    createRedisRateLimitStore({ redis: client(), prefix, onError: failLoudly }),
  ])

  it('gives each counter an expiry that ends shortly after its window', async () => {
    const redis = client()
    const store = createRedisRateLimitStore({ redis, prefix, onError: failLoudly })
    const now = Date.now()
    const { resetAt } = await store.hit('ip:ttl', 60_000, now)
    const ttl = await redis.pttl(`${prefix}ip:ttl:${String(resetAt - 60_000)}`)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(resetAt - now + 1000)
  })
})
