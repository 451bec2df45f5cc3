import { windowStart, type RateLimitStore } from './rate-limit-store'

/**
 * Counters in this process: the default, right for a single instance. Expired windows are
 * dropped as keys come back, and all of them once the map grows past `maxKeys`.
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore()
 * await store.hit('ip:203.0.113.7', 60_000, Date.now())
 * ```
 */
export function createMemoryRateLimitStore({
  maxKeys = 100_000,
}: { readonly maxKeys?: number } = {}): RateLimitStore {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      let entry = windows.get(key)
      if (!entry || entry.start !== start) {
        if (windows.size >= maxKeys) {
          for (const [old, value] of windows) if (value.start + windowMs <= now) windows.delete(old)
        }
        entry = { start, count: 0 }
        windows.set(key, entry)
      }
      entry.count += 1
      return Promise.resolve({ count: entry.count, resetAt: start + windowMs })
    },
  }
}
