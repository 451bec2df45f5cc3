import { randomUUID } from 'node:crypto'
import type { Cache, CacheSetOptions } from './cache'
import type { InvalidationTransport } from './invalidation-transport'

/** Options of {@link createInvalidatingCache}. */
export interface InvalidatingCacheOptions<TValue> {
  /** The local cache of this instance (usually a memory cache). */
  readonly cache: Cache<TValue>
  /** How invalidations reach the other instances. */
  readonly transport: InvalidationTransport
  /** This instance's id; messages carrying it are its own echo and are ignored. */
  readonly instanceId?: string
  /** Told when applying another instance's invalidation failed locally. */
  readonly onError?: (error: unknown) => void
}

/** A {@link Cache} whose writes and deletes also drop the key on every other instance. */
export interface InvalidatingCache<TValue> extends Cache<TValue> {
  /** The id this instance publishes under. */
  readonly instanceId: string
  /** Stores locally, then tells the other instances to drop their (now stale) copy. */
  set(key: string, value: TValue, options?: CacheSetOptions): Promise<void>
  /** Deletes locally, then on every other instance. */
  delete(key: string): Promise<void>
  /** Deletes `keys` locally, then publishes them once; rejects if publishing failed. */
  invalidate(keys: readonly string[]): Promise<void>
  /** Clears this instance only (there is no cluster-wide clear; TTLs cover what is left). */
  clear(): Promise<void>
  /** Stops listening to other instances. */
  close(): Promise<void>
}

/**
 * Wraps a local cache so that `set`, `delete` and `invalidate` reach every instance through an
 * {@link InvalidationTransport}: the key is dropped locally first, then published; messages from
 * other instances drop their keys here. Resolves once subscribed, so no invalidation sent after
 * that is missed. Fills by `getOrLoad` stay local (they copy the source, they do not change it).
 *
 * @example
 * ```ts
 * const tenants = await createInvalidatingCache({
 *   cache: createMemoryCache<TenantContext>({ ttlMs: 300_000, negativeTtlMs: 60_000 }),
 *   transport: createPgNotifyInvalidation({ notify, listen }),
 * })
 * await tenants.invalidate([cacheKey(tenantId, 'tenant', tenantId)]) // after the tenant changed
 * ```
 */
export async function createInvalidatingCache<TValue>({
  cache,
  transport,
  instanceId = randomUUID(),
  onError = () => undefined,
}: InvalidatingCacheOptions<TValue>): Promise<InvalidatingCache<TValue>> {
  const deleteLocally = async (keys: readonly string[]): Promise<void> => {
    for (const key of keys) await cache.delete(key)
  }

  const unsubscribe = await transport.subscribe((keys, origin) => {
    if (origin === instanceId) return
    deleteLocally(keys).catch(onError)
  })

  const invalidate = async (keys: readonly string[]): Promise<void> => {
    const unique = [...new Set(keys)]
    if (unique.length === 0) return
    await deleteLocally(unique)
    await transport.publish(unique, instanceId)
  }

  return {
    instanceId,
    get: (key) => cache.get(key),
    getOrLoad: (key, loader, options) => cache.getOrLoad(key, loader, options),
    stats: () => cache.stats(),
    set: async (key, value, options) => {
      await cache.set(key, value, options)
      await transport.publish([key], instanceId)
    },
    delete: (key) => invalidate([key]),
    invalidate,
    clear: async () => {
      await cache.clear()
    },
    close: () => unsubscribe(),
  }
}
