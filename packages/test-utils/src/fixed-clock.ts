/** A clock that only moves when told to. */
export interface FixedClock {
  /** The current time, as a new `Date` each call. */
  now(): Date
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void
  /** Sets the clock to `date`. */
  set(date: Date): void
}

/**
 * A deterministic clock for tests; pass `clock.now` wherever a factory takes `now`.
 *
 * @example
 * ```ts
 * const clock = fixedClock()
 * const cache = createCache({ now: () => clock.now().getTime() })
 * clock.advance(60_000)
 * ```
 */
export function fixedClock(start: Date = new Date('2026-01-01T00:00:00.000Z')): FixedClock {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes ms ≥ 0, got ${ms}`)
      current += ms
    },
    set: (date) => {
      current = date.getTime()
    },
  }
}
