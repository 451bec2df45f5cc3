import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { hitInOrder, type RateLimitStore } from './rate-limit-store'
import { createRedisRateLimitStore } from './redis-rate-limit-store'

const redisUrl = process.env.REDIS_URL
const WINDOW = 60_000

if (redisUrl === undefined) {
  process.stdout.write('[server] REDIS_URL is not set: Redis rate-limit lease tests skipped\n')
}

describe.skipIf(redisUrl === undefined)('createRedisRateLimitStore leases on a real Redis', () => {
  const clients: Redis[] = []
  const prefix = `test:${randomUUID()}:`
  afterAll(async () => {
    const [redis] = clients
    const keys = (await redis?.keys(`${prefix}*`)) ?? []
    if (keys.length > 0) await redis?.del(...keys)
    await Promise.all(clients.map((client) => client.quit()))
  })

  /** A server instance: its own client and store, counting the calls it sends to Redis. */
  function instance(): { store: RateLimitStore; calls: () => number } {
    const redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 1 })
    clients.push(redis)
    let calls = 0
    const store = createRedisRateLimitStore({
      redis: {
        eval: (...args) => {
          calls += 1
          return redis.eval(...args)
        },
      },
      prefix,
      onError: (error) => {
        throw error
      },
    })
    return { store, calls: () => calls }
  }

  it('never lets two instances hitting in parallel pass the limit together, each slot once', async () => {
    const servers = [instance(), instance()]
    const [ip, tenant] = [randomUUID(), randomUUID()]
    const limit = 1000
    const now = Date.now()
    const hits = await Promise.all(
      Array.from({ length: 3000 }, (_, n) =>
        hitInOrder(
          (servers[n % 2] as (typeof servers)[0]).store,
          [
            { key: `default:${ip}`, limit },
            { key: `tenant:${tenant}`, limit: limit * 10 },
          ],
          { windowMs: WINDOW, now },
        ),
      ),
    )
    const allowed = hits
      .filter((counted) => counted.length === 2)
      .map((counted) => counted[0]?.count ?? 0)
    expect(allowed).toHaveLength(limit)
    expect(new Set(allowed)).toEqual(new Set(Array.from({ length: limit }, (_, n) => n + 1)))
    // A lease of 100 slots per call and key: far fewer calls than the 6,000 keys counted.
    const calls = servers.reduce((sum, server) => sum + server.calls(), 0)
    expect(calls).toBeLessThanOrEqual(60)
  })

  it('keeps a small limit exact across instances: one call per hit, the next refused', async () => {
    const servers = [instance(), instance()]
    const key = `login:${randomUUID()}`
    const now = Date.now()
    const counts: number[] = []
    for (let n = 0; n < 6; n++) {
      const server = servers[n % 2] as (typeof servers)[0]
      const counted = await hitInOrder(server.store, [{ key, limit: 5 }], { windowMs: WINDOW, now })
      counts.push(counted[0]?.count ?? 0)
    }
    expect(counts).toEqual([1, 2, 3, 4, 5, 6])
    expect(servers.reduce((sum, server) => sum + server.calls(), 0)).toBe(6)
  })
})
