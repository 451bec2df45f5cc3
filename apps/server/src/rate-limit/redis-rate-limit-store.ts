import { createLeasedCounts, type LeaseSizeOptions, type TakeLeases } from './leased-counts'
import { createMemoryRateLimitStore } from './memory-rate-limit-store'
import { hitInOrder, windowStart, type RateLimitStore } from './rate-limit-store'

/** The slice of an ioredis client the Redis store uses. */
export interface RedisRateLimitPort {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>
}

/** Options of {@link createRedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions extends LeaseSizeOptions {
  /** An ioredis client (or anything with `eval`). */
  readonly redis: RedisRateLimitPort
  /** Prepended to every key. Default `rustok:rl:`. */
  readonly prefix?: string
  /**
   * Counts while Redis fails, so an outage degrades limits to per-instance instead of failing
   * every request. Default: a memory store.
   */
  readonly fallback?: RateLimitStore
  /** Told about every Redis failure that the fallback answered. */
  readonly onError?: (error: unknown) => void
}

// INCR and PEXPIRE in one atomic step: a counter never outlives its window without an expiry.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`

// A lease: INCRBY its size, with the expiry set by the lease that created the counter.
const LEASE = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`

// Instances' clocks differ a little: a counter stays a moment past its window's end.
const EXPIRY_GRACE_MS = 1000

/**
 * Counters in Redis, shared by every instance that uses the same Redis: one fixed-window counter
 * per key and window start, incremented and given its expiry by one Lua script. `hitMany` (the
 * middleware's one pass) counts against slots leased with that script, as the PostgreSQL store
 * does (`createLeasedCounts`, ADR 0023): one call per key and lease instead of per key and hit,
 * one key per call so a Redis Cluster can serve it. When Redis fails the hit is counted by
 * `fallback` instead.
 *
 * @example
 * ```ts
 * const store = createRedisRateLimitStore({ redis: new Redis(config.redisUrl) })
 * app.use('/api/*', rateLimit({ store, limit: 300, windowMs: 60_000, keys: [ipKey()] }))
 * ```
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const { redis, prefix = 'rustok:rl:', onError, leaseFraction, maxLease } = options
  const fallback = options.fallback ?? createMemoryRateLimitStore()
  const take: TakeLeases = async (requests, { start, end, now }) => {
    const counts: number[] = []
    for (const { key, limit, size } of requests) {
      const count = Number(
        await redis.eval(
          LEASE,
          1,
          `${prefix}${key}:${String(start)}`,
          size,
          end - now + EXPIRY_GRACE_MS,
        ),
      )
      counts.push(count)
      if (count - size >= limit) break
    }
    return counts
  }
  const leased = createLeasedCounts({ take, leaseFraction, maxLease })
  return {
    async hitMany(keys, windowMs, now) {
      try {
        return await leased(keys, windowMs, now)
      } catch (error) {
        onError?.(error)
        return hitInOrder(fallback, keys, { windowMs, now })
      }
    },
    async hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      const resetAt = start + windowMs
      try {
        const count = await redis.eval(
          HIT,
          1,
          `${prefix}${key}:${String(start)}`,
          resetAt - now + EXPIRY_GRACE_MS,
        )
        return { count: Number(count), resetAt }
      } catch (error) {
        onError?.(error)
        return fallback.hit(key, windowMs, now)
      }
    },
  }
}
