/** The count of one key in its current window. */
export interface RateLimitHit {
  /**
   * Requests counted in this window, this one included. A store that leases slots to instances
   * (PostgreSQL, Redis: ADR 0023) reports this request's slot, which no other request of the
   * window got on any instance; above the limit means refused.
   */
  readonly count: number
  /** When the window ends (ms since epoch). */
  readonly resetAt: number
}

/** One key to count and the limit it is held to, for {@link RateLimitStore.hitMany}. */
export interface RateLimitKeyHit {
  readonly key: string
  readonly limit: number
}

/**
 * Where rate-limit counters live: in memory for one instance, or a shared store (PostgreSQL)
 * when several instances must count together (requirement A3).
 */
export interface RateLimitStore {
  /** Counts one request for `key` in the fixed window of `windowMs` that contains `now`. */
  hit(key: string, windowMs: number, now: number): Promise<RateLimitHit>
  /**
   * Counts one request for each key in order, in one call, and stops after the first key whose
   * count passes its limit (the keys after it are not counted, as if limited one after another).
   * Optional: {@link hitInOrder} falls back to `hit` one key at a time.
   */
  hitMany?(
    keys: readonly RateLimitKeyHit[],
    windowMs: number,
    now: number,
  ): Promise<readonly RateLimitHit[]>
}

/** The start of the fixed window of `windowMs` that contains `now`. */
export function windowStart(now: number, windowMs: number): number {
  return now - (now % windowMs)
}

/**
 * {@link RateLimitStore.hitMany} when the store has it, else `hit` for one key after another,
 * stopping after the first key over its limit.
 */
export async function hitInOrder(
  store: RateLimitStore,
  keys: readonly RateLimitKeyHit[],
  { windowMs, now }: { readonly windowMs: number; readonly now: number },
): Promise<readonly RateLimitHit[]> {
  if (store.hitMany) return store.hitMany(keys, windowMs, now)
  const hits: RateLimitHit[] = []
  for (const { key, limit } of keys) {
    const hit = await store.hit(key, windowMs, now)
    hits.push(hit)
    if (hit.count > limit) break
  }
  return hits
}
