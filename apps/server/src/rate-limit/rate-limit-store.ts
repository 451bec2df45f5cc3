/** The count of one key in its current window. */
export interface RateLimitHit {
  /** Requests counted in this window, this one included. */
  readonly count: number
  /** When the window ends (ms since epoch). */
  readonly resetAt: number
}

/**
 * Where rate-limit counters live: in memory for one instance, or a shared store (PostgreSQL)
 * when several instances must count together (requirement A3).
 */
export interface RateLimitStore {
  /** Counts one request for `key` in the fixed window of `windowMs` that contains `now`. */
  hit(key: string, windowMs: number, now: number): Promise<RateLimitHit>
}

/** The start of the fixed window of `windowMs` that contains `now`. */
export function windowStart(now: number, windowMs: number): number {
  return now - (now % windowMs)
}
