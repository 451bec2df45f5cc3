import { CoreCacheError } from './core-cache-error'
import type { InvalidationListener, InvalidationTransport } from './invalidation-transport'

/**
 * Creates an in-process {@link InvalidationTransport}: one hub shared by several caches stands in
 * for several server instances in tests, and is the whole story for a single instance.
 * `publish` has delivered to every subscriber by the time it resolves.
 *
 * @example
 * ```ts
 * const hub = createMemoryInvalidationHub()
 * const a = await createInvalidatingCache({ cache: createMemoryCache(), transport: hub })
 * const b = await createInvalidatingCache({ cache: createMemoryCache(), transport: hub })
 * await a.invalidate(['t:1:tenant:1']) // b has dropped it too
 * ```
 */
export function createMemoryInvalidationHub(): InvalidationTransport {
  const listeners = new Set<InvalidationListener>()
  return {
    publish: (keys, origin) => {
      const failures: unknown[] = []
      const copy = [...keys]
      for (const listener of [...listeners]) {
        try {
          listener(copy, origin)
        } catch (error) {
          failures.push(error)
        }
      }
      if (failures.length === 0) return Promise.resolve()
      return Promise.reject(
        new CoreCacheError('INTERNAL', 'an invalidation listener threw', {
          cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
        }),
      )
    },
    subscribe: (onKeys) => {
      // Wrap, so that subscribing one function twice gives two independent subscriptions.
      const listener: InvalidationListener = (keys, origin) => onKeys(keys, origin)
      listeners.add(listener)
      return Promise.resolve(() => {
        listeners.delete(listener)
        return Promise.resolve()
      })
    },
  }
}
