import { randomUUID } from 'node:crypto'
import { isBrokenCircuitError } from 'cockatiel'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { runCacheContract } from './cache.contract.test-helper'
import { createMemoryCache } from './memory-cache'
import type { RedisCachePort } from './redis-cache'
import { createRedisCache } from './redis-cache'

const redisUrl = process.env.REDIS_URL

// Type-level check: a real ioredis client fits the structural port.
const _fitsPort = (client: Redis): RedisCachePort => client

/** A Redis that is down: every command fails, and the calls are counted. */
const deadRedis = (): RedisCachePort & { calls: number } => {
  const port = {
    calls: 0,
    get: () => fail(),
    set: () => fail(),
    del: () => fail(),
    scan: () => fail(),
  }
  const fail = (): Promise<never> => {
    port.calls++
    return Promise.reject(new Error('ECONNREFUSED'))
  }
  return port
}

runCacheContract('redis (down, answered by the memory fallback)', () => {
  let time = 1_767_225_600_000
  return {
    cache: createRedisCache({
      redis: deadRedis(),
      ttlMs: 1000,
      fallback: createMemoryCache<string>({ ttlMs: 1000, now: () => time }),
    }),
    advance: (ms) => {
      time += ms
      return Promise.resolve()
    },
  }
})

describe('createRedisCache circuit breaker', () => {
  it('stops calling Redis once the circuit is open and keeps answering', async () => {
    const redis = deadRedis()
    const errors: unknown[] = []
    const cache = createRedisCache<string>({ redis, onError: (e) => errors.push(e) })
    for (let i = 0; i < 5; i++) await cache.get(`k${i}`)
    expect(redis.calls).toBe(5)
    await cache.set('k', 'v')
    expect(await cache.get('k')).toBe('v')
    expect(await cache.getOrLoad('other', () => 'loaded')).toBe('loaded')
    expect(redis.calls).toBe(5)
    expect(errors.some((e) => isBrokenCircuitError(e))).toBe(true)
  })

  it('treats an undecodable entry as a miss and deletes it', async () => {
    const store = new Map<string, string>([['p:k', '{not json']])
    const redis: RedisCachePort = {
      get: (key) => Promise.resolve(store.get(key) ?? null),
      set: (key, value) => Promise.resolve(store.set(key, value)),
      del: (...keys) => Promise.resolve(keys.map((key) => store.delete(key))),
      scan: () => Promise.resolve(['0', [...store.keys()]]),
    }
    const cache = createRedisCache<string>({ redis, prefix: 'p:' })
    expect(await cache.get('k')).toBeUndefined()
    expect(store.has('p:k')).toBe(false)
  })
})

if (redisUrl === undefined) {
  process.stdout.write('[core-cache] REDIS_URL is not set: Redis contract tests skipped\n')
}

describe.skipIf(redisUrl === undefined)('createRedisCache on a real Redis', () => {
  runCacheContract('redis', () => {
    const client = new Redis(redisUrl ?? '', { lazyConnect: false, maxRetriesPerRequest: 1 })
    const prefix = `rustok-test:${randomUUID()}:`
    const cache = createRedisCache({ redis: client, prefix, ttlMs: 1000 })
    return {
      cache,
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      dispose: async () => {
        await cache.clear()
        await client.quit()
      },
    }
  })

  it('shares entries between two instances and clears only its own prefix', async () => {
    const client = new Redis(redisUrl ?? '')
    const prefix = `rustok-test:${randomUUID()}:`
    try {
      const a = createRedisCache<{ n: number }>({ redis: client, prefix })
      const b = createRedisCache<{ n: number }>({ redis: client, prefix })
      const other = createRedisCache<{ n: number }>({ redis: client, prefix: `${prefix}other*` })
      await a.set('k', { n: 1 })
      await other.set('k', { n: 2 })
      expect(await b.get('k')).toEqual({ n: 1 })
      await other.clear()
      expect(await b.get('k')).toEqual({ n: 1 })
      await a.clear()
      expect(await b.get('k')).toBeUndefined()
    } finally {
      await client.quit()
    }
  })
})
