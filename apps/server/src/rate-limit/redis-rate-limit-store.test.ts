import { describe, expect, it } from 'vitest'
import { createRedisRateLimitStore, type RedisRateLimitPort } from './redis-rate-limit-store'

describe('createRedisRateLimitStore without Redis', () => {
  it('counts in the fallback while Redis fails, and reports each failure', async () => {
    const errors: unknown[] = []
    const down: RedisRateLimitPort = { eval: () => Promise.reject(new Error('ECONNREFUSED')) }
    const store = createRedisRateLimitStore({ redis: down, onError: (error) => errors.push(error) })
    expect(await store.hit('ip:a', 60_000, 30_000)).toEqual({ count: 1, resetAt: 60_000 })
    expect((await store.hit('ip:a', 60_000, 31_000)).count).toBe(2)
    expect(errors).toHaveLength(2)
  })

  it('counts a pass in the fallback while Redis fails, and reports each failure', async () => {
    const errors: unknown[] = []
    const down: RedisRateLimitPort = { eval: () => Promise.reject(new Error('ECONNREFUSED')) }
    const store = createRedisRateLimitStore({ redis: down, onError: (error) => errors.push(error) })
    const pass = [
      { key: 'default:ip', limit: 300 },
      { key: 'tenant:t', limit: 3000 },
    ]
    expect(await store.hitMany?.(pass, 60_000, 30_000)).toEqual([
      { count: 1, resetAt: 60_000 },
      { count: 1, resetAt: 60_000 },
    ])
    expect((await store.hitMany?.(pass, 60_000, 31_000))?.map((hit) => hit.count)).toEqual([2, 2])
    expect(errors).toHaveLength(2)
  })

  it('leases a pass’s slots with one script per key, and counts the rest of the lease locally', async () => {
    const calls: unknown[][] = []
    let count = 0
    const redis: RedisRateLimitPort = {
      eval: (...args) => {
        calls.push(args)
        count += Number(args[3])
        return Promise.resolve(count)
      },
    }
    const store = createRedisRateLimitStore({ redis, prefix: 'p:' })
    const pass = [{ key: 'default:ip', limit: 300 }]
    const counts: number[] = []
    for (let n = 0; n < 31; n++) {
      counts.push((await store.hitMany?.(pass, 60_000, 130_000))?.[0]?.count ?? 0)
    }
    expect(counts).toEqual(Array.from({ length: 31 }, (_, n) => n + 1))
    // A tenth of 300 per lease: the 31st hit took the second one.
    expect(calls.map((call) => call.slice(1))).toEqual([
      [1, 'p:default:ip:120000', 30, 51_000],
      [1, 'p:default:ip:120000', 30, 51_000],
    ])
    expect(String(calls[0]?.[0])).toMatch(/INCRBY[\s\S]*PEXPIRE/)
  })

  it('sends one script with the windowed key and an expiry past the window end', async () => {
    const calls: unknown[][] = []
    const redis: RedisRateLimitPort = {
      eval: (...args) => {
        calls.push(args)
        return Promise.resolve(7)
      },
    }
    const store = createRedisRateLimitStore({ redis, prefix: 'p:' })
    expect(await store.hit('user:u1', 60_000, 130_000)).toEqual({ count: 7, resetAt: 180_000 })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.slice(1)).toEqual([1, 'p:user:u1:120000', 51_000])
    expect(String(calls[0]?.[0])).toMatch(/INCR[\s\S]*PEXPIRE/)
  })
})
