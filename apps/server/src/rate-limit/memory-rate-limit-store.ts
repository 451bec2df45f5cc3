import { createMemoryCache } from '@rustok/core-cache'
import { windowStart, type RateLimitHit, type RateLimitStore } from './rate-limit-store'

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /**
   * The most counters kept. Past it the least recently used are dropped, half of the capacity at
   * a time, so a flood of new keys (one per spoofed address, say) costs O(1) per request and
   * never more memory. A dropped key counts afresh from 1 when it comes back. Default 100,000.
   */
  readonly maxKeys?: number
}

interface Window {
  readonly start: number
  count: number
}

/**
 * Counters in this process: the default, right for a single instance. They live in an LRU
 * (`@rustok/core-cache` on quick-lru) bounded by `maxKeys`: eviction drops a whole generation of
 * least recently used keys at once instead of scanning for expired windows, so the cost per hit
 * stays constant however many keys arrive.
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore({ maxKeys: 100_000 })
 * await store.hit('ip:203.0.113.7', 60_000, Date.now())
 * ```
 */
export function createMemoryRateLimitStore({
  maxKeys = 100_000,
}: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  if (!(Number.isInteger(maxKeys) && maxKeys >= 2)) {
    throw new TypeError(`maxKeys must be an integer of at least 2, got ${maxKeys}`)
  }
  // quick-lru keeps two generations of up to `maxSize` entries each: half of `maxKeys` per
  // generation caps the whole at `maxKeys`. A window that has ended is replaced on its key's next
  // hit; one that never comes back ages out with the least recently used.
  const windows = createMemoryCache<Window>({ maxSize: Math.floor(maxKeys / 2), ttlMs: Infinity })
  const count = (key: string, start: number): number => {
    let entry = windows.get(key)
    if (entry?.start !== start) {
      entry = { start, count: 0 }
      windows.set(key, entry)
    }
    entry.count += 1
    return entry.count
  }
  return {
    hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      return Promise.resolve({ count: count(key, start), resetAt: start + windowMs })
    },
    hitMany(keys, windowMs, now) {
      const start = windowStart(now, windowMs)
      const resetAt = start + windowMs
      const hits: RateLimitHit[] = []
      for (const { key, limit } of keys) {
        const hit = { count: count(key, start), resetAt }
        hits.push(hit)
        if (hit.count > limit) break
      }
      return Promise.resolve(hits)
    },
  }
}
