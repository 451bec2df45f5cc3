import type { Awaitable } from '../cache'

interface Flight<TValue> {
  promise: Promise<TValue | undefined> | undefined
  /** Set when the key was written, deleted or cleared during the load: its result is not stored. */
  stale: boolean
}

/** At most one running load per key, shared by every caller that misses meanwhile. */
export interface SingleFlight<TValue> {
  /** The load running for `key`, if any. */
  running(key: string): Promise<TValue | undefined> | undefined
  /**
   * Starts `load` for `key` and calls `store` with its result unless the key was forgotten in the
   * meantime. A rejection is handed to every waiter and stores nothing.
   */
  run(
    key: string,
    load: () => Awaitable<TValue | undefined>,
    store: (value: TValue | undefined) => Awaitable<void>,
  ): Promise<TValue | undefined>
  /** Detaches the load of `key` (if any): it still answers its waiters but stores nothing. */
  forget(key: string): void
  /** {@link SingleFlight.forget} for every key. */
  forgetAll(): void
}

/** Creates the per-process single-flight table used by the cache implementations. */
export function createSingleFlight<TValue>(): SingleFlight<TValue> {
  const flights = new Map<string, Flight<TValue>>()

  return {
    running: (key) => flights.get(key)?.promise,
    run: (key, load, store) => {
      const flight: Flight<TValue> = { promise: undefined, stale: false }
      flights.set(key, flight)
      const promise = (async (): Promise<TValue | undefined> => {
        try {
          const value = await load()
          // Without this check a load that began before an invalidation would put the old value back.
          if (!flight.stale) await store(value)
          return value
        } finally {
          if (flights.get(key) === flight) flights.delete(key)
        }
      })()
      flight.promise = promise
      return promise
    },
    forget: (key) => {
      const flight = flights.get(key)
      if (flight === undefined) return
      flight.stale = true
      flights.delete(key)
    },
    forgetAll: () => {
      for (const flight of flights.values()) flight.stale = true
      flights.clear()
    },
  }
}
