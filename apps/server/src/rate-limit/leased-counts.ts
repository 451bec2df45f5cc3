import { createMemoryCache } from '@rustok/core-cache'
import {
  windowStart,
  type RateLimitHit,
  type RateLimitKeyHit,
  type RateLimitStore,
} from './rate-limit-store'

/** One key's lease: `size` more of its window's slots, counted against `limit`. */
export interface LeaseRequest {
  readonly key: string
  readonly limit: number
  readonly size: number
}

/** The window leases are taken in (ms since epoch), and the time of the hit that needs them. */
interface LeaseWindow {
  readonly start: number
  readonly end: number
  readonly now: number
}

/**
 * Takes leases from the shared counters in one call: adds each request's `size` to its key's count
 * in `window` and returns the count after it, in order, stopping after the first request whose
 * lease holds no slot within its limit (its count was at the limit already). The slots of a lease
 * are the counts `count - size + 1` to `count`.
 */
export type TakeLeases = (
  requests: readonly LeaseRequest[],
  window: LeaseWindow,
) => Promise<readonly number[]>

/** How big a lease is, for {@link createLeasedCounts} and {@link leaseSize}. */
export interface LeaseSizeOptions {
  /**
   * The share of a key's limit one lease takes. Default 0.1: an instance holds at most a tenth of
   * a key's window unused, so it may refuse that much early while others still hold slots.
   */
  readonly leaseFraction?: number
  /** The most slots one lease takes, however large the limit. Default 100. `1`: no leasing. */
  readonly maxLease?: number
}

/** Options of {@link createLeasedCounts}. */
export interface LeasedCountsOptions extends LeaseSizeOptions {
  readonly take: TakeLeases
  /** The most keys whose leases are kept; past it the least recently used are dropped. */
  readonly maxKeys?: number
}

/**
 * The slots one lease of a key with `limit` takes: `leaseFraction` of the limit, at most
 * `maxLease`, and 1 — exact counting, one trip per hit — when that is less than 2 (a login limit
 * of 5 stays exact).
 */
export function leaseSize(
  limit: number,
  { leaseFraction = 0.1, maxLease = 100 }: LeaseSizeOptions = {},
): number {
  const size = Math.min(maxLease, Math.floor(limit * leaseFraction))
  return size >= 2 ? size : 1
}

/** A key's slots in one window: ranges of counts this instance holds, and what it knows. */
interface Leases {
  readonly start: number
  /** Unused slots, `[from, to]` inclusive, each within the limit; used from the front. */
  readonly ranges: [number, number][]
  /** The shared count reached the limit: no lease of this window can hold a slot any more. */
  exhausted: boolean
  /** The next count reported for a refused hit. */
  over: number
  /** A lease on its way (only for leases of more than one slot): wait for it, take none. */
  pending: Promise<void> | undefined
}

/** One pass's keys, their leases, and its window. */
interface Pass {
  readonly keys: readonly RateLimitKeyHit[]
  readonly entries: readonly Leases[]
  readonly window: LeaseWindow
}

/** Leases on their way for one pass (see `beginLease`). */
interface Lease {
  readonly needed: readonly number[]
  readonly requests: readonly LeaseRequest[]
  /** The keys whose `pending` is `waitedFor`: those leased more than one slot at a time. */
  readonly shared: readonly number[]
  readonly waitedFor: Promise<void>
  readonly release: () => void
}

/**
 * `hitMany` over leased slots. Each instance takes a lease of several slots of a key's window
 * from the shared counters in one statement, and counts hits against its lease locally; it goes
 * back only when its slots are used up or the window rolls. The shared count grows by whole
 * leases, so the slots handed out in a window never pass the limit and the keys' hits together
 * never do either; an instance refuses once the shared count is at the limit, even while another
 * still holds unused slots. Every allowed hit reports its own slot as its count (unique across
 * instances); a refused one reports a count above the limit. Refusals after the shared count has
 * reached the limit cost no trip. Concurrent hits that need a key's next lease of more than one
 * slot wait for one trip instead of each taking a lease.
 *
 * @example
 * ```ts
 * const hitMany = createLeasedCounts({ take: (requests, window) => takeFromTable(requests, window) })
 * await hitMany([{ key: 'default:203.0.113.7', limit: 300 }], 60_000, Date.now())
 * ```
 */
export function createLeasedCounts({
  take,
  maxKeys = 100_000,
  ...sizing
}: LeasedCountsOptions): NonNullable<RateLimitStore['hitMany']> {
  const leases = createMemoryCache<Leases>({ maxSize: Math.floor(maxKeys / 2), ttlMs: Infinity })
  const leasesOf = (key: string, start: number): Leases => {
    let entry = leases.get(key)
    if (entry?.start !== start) {
      const fresh: Leases = { start, ranges: [], exhausted: false, over: 0, pending: undefined }
      // A hit that arrives late for a window that has rolled over (clocks at the boundary) gets
      // leases of its own: it must not drop the slots this instance holds for the newer window.
      if (entry !== undefined && entry.start > start) return fresh
      entry = fresh
      leases.set(key, entry)
    }
    return entry
  }

  const keep = (entry: Leases, { limit, size }: LeaseRequest, count: number): void => {
    const from = count - size + 1
    const to = Math.min(count, limit)
    if (from <= to) entry.ranges.push([from, to])
    if (count >= limit) entry.exhausted = true
    entry.over = Math.max(entry.over, from, limit + 1)
  }

  /** The next slot, or a count over the limit; only for a key known to have one or the other. */
  const countOne = (entry: Leases): number => {
    const range = entry.ranges[0]
    if (range === undefined) return entry.over++
    const count = range[0]
    if (range[0] === range[1]) entry.ranges.shift()
    else range[0] += 1
    return count
  }

  /**
   * Starts the leases of `needed` (indexes into the pass's keys, in order): the requests to send,
   * and the keys' `pending` set, for leases of more than one slot, to a promise `release` settles.
   */
  const beginLease = ({ keys, entries }: Pass, needed: readonly number[]): Lease => {
    const requests = needed.map((n) => {
      const { key, limit } = keys[n] as RateLimitKeyHit
      return { key, limit, size: leaseSize(limit, sizing) }
    })
    let release = (): void => undefined
    const waitedFor = new Promise<void>((resolve) => {
      release = resolve
    })
    const shared = needed.filter((_, index) => (requests[index] as LeaseRequest).size > 1)
    for (const n of shared) (entries[n] as Leases).pending = waitedFor
    return { needed, requests, shared, waitedFor, release }
  }

  /** Keeps what the leases hold (none when taking them failed) and clears `pending`. */
  const settleLease = (
    { entries }: Pass,
    { needed, requests, shared, waitedFor }: Lease,
    counts: readonly number[] | undefined,
  ): void => {
    for (const n of shared) {
      const entry = entries[n] as Leases
      if (entry.pending === waitedFor) entry.pending = undefined
    }
    if (counts === undefined) return
    const last = requests[counts.length - 1]
    if (
      counts.length > requests.length ||
      (counts.length < requests.length && (last === undefined || (counts.at(-1) ?? 0) < last.limit))
    ) {
      // Asked again, the same keys would come back short forever.
      throw new Error('rate limit: leases stopped before a key at its limit')
    }
    counts.forEach((count, index) => {
      keep(entries[needed[index] as number] as Leases, requests[index] as LeaseRequest, count)
    })
  }

  return async (keys, windowMs, now) => {
    const start = windowStart(now, windowMs)
    const resetAt = start + windowMs
    // The pass keeps its keys' leases while it waits, even if a newer window replaces them.
    const entries = keys.map(({ key }) => leasesOf(key, start))
    const pass: Pass = { keys, entries, window: { start, end: resetAt, now } }
    let release: (() => void) | undefined
    try {
      for (;;) {
        const waits: Promise<void>[] = []
        const needed: number[] = []
        for (let n = 0; n < entries.length; n++) {
          const entry = entries[n] as Leases
          if (entry.pending) waits.push(entry.pending)
          else if (entry.ranges.length > 0) continue
          else if (entry.exhausted) break
          else needed.push(n)
        }
        if (waits.length === 0 && needed.length === 0) {
          // Every key up to the first refusal has a slot or is known to be over: count them now,
          // with no await between the check and the counting.
          const hits: RateLimitHit[] = []
          for (let n = 0; n < entries.length; n++) {
            const count = countOne(entries[n] as Leases)
            hits.push({ count, resetAt })
            if (count > (keys[n] as RateLimitKeyHit).limit) break
          }
          return hits
        }
        release?.()
        release = undefined
        if (waits.length > 0) {
          await Promise.all(waits)
          continue
        }
        const lease = beginLease(pass, needed)
        // Released after this pass has counted against the new slots (or before it waits again):
        // the hits waiting for the lease must not take the slots it went to the database for.
        release = lease.release
        let counts: readonly number[] | undefined
        try {
          counts = await take(lease.requests, pass.window)
        } finally {
          // No await between keeping the slots and counting against them.
          settleLease(pass, lease, counts)
        }
      }
    } finally {
      release?.()
    }
  }
}
