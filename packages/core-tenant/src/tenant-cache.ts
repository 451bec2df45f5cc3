import type { Tenant, TenantLookup } from './tenant'
import type { TenantIdentifier } from './tenant-identifier'

/** Options of one {@link TenantCachePort.getOrLoad} call. */
export interface TenantCacheLoadOptions {
  /** Lifetime of a found tenant. */
  readonly ttlMs?: number
  /** Lifetime of a "not found" entry; without it, misses are not cached. */
  readonly negativeTtlMs?: number
}

/**
 * The slice of `@rustok/core-cache`'s `Cache<Tenant>` this package uses. `getOrLoad` must run the
 * loader once for any number of concurrent misses of one key, and cache an `undefined` result as
 * a negative entry when `negativeTtlMs` is given.
 */
export interface TenantCachePort {
  /** The cached tenant (or cached "not found"), else the loader's answer, cached. */
  getOrLoad(
    key: string,
    loader: () => Promise<Tenant | undefined>,
    options?: TenantCacheLoadOptions,
  ): Promise<Tenant | undefined>
  /** Drops one key, positive or negative. May return anything, including a promise. */
  delete(key: string): unknown
}

/** Dependencies of {@link createTenantCache}. */
export interface TenantCacheOptions {
  /** The cache to keep tenants in, e.g. `createMemoryCache<Tenant>({ maxSize: 10_000, … })`. */
  readonly cache: TenantCachePort
  /** Where misses are loaded from, normally the tenant store. */
  readonly lookup: TenantLookup
  /** Lifetime of a found tenant. Default 300 000 ms (the original's 300 s). */
  readonly ttlMs?: number
  /** Lifetime of a "not found" entry. Default 60 000 ms (the original's 60 s). */
  readonly negativeTtlMs?: number
}

/** A {@link TenantLookup} with positive and negative caching, and invalidation. */
export interface TenantCache extends TenantLookup {
  /**
   * Drops every entry that can point at `tenant` (its id, slug and domain keys, and any key this
   * instance loaded it under), and those of `previous` (its state before a change, whose slug or
   * domain may differ). Use it as the tenant store's `onChanged`.
   */
  invalidate(tenant: Tenant, previous?: Tenant): Promise<void>
  /**
   * Invalidation from a `tenant.*` event, which only carries the id (other instances): drops the
   * id key and every key this instance loaded the tenant under, and re-reads the tenant from the
   * lookup to also drop the keys of its current slug and domain (e.g. a negative entry for the
   * slug of a tenant just created).
   */
  invalidateById(tenantId: string): Promise<void>
}

const VERSION = 'v1'

/**
 * The cache key of one identifier: `tenant:v1:{kind}:{value}`. Positive and negative entries
 * share it, so one delete drops either.
 *
 * @example
 * ```ts
 * tenantCacheKey({ kind: 'slug', value: 'acme' }) // 'tenant:v1:slug:acme'
 * ```
 */
export function tenantCacheKey(identifier: TenantIdentifier): string {
  return `tenant:${VERSION}:${identifier.kind}:${identifier.value}`
}

/**
 * Every key under which `tenant` can be cached: its id, its slug and, if set, its domain.
 *
 * @example
 * ```ts
 * tenantCacheInvalidationKeys(tenant) // ['tenant:v1:uuid:…', 'tenant:v1:slug:acme', 'tenant:v1:host:acme.com']
 * ```
 */
export function tenantCacheInvalidationKeys(tenant: Tenant): string[] {
  const keys = [
    tenantCacheKey({ kind: 'uuid', value: tenant.id }),
    tenantCacheKey({ kind: 'slug', value: tenant.slug }),
  ]
  if (tenant.domain !== null) keys.push(tenantCacheKey({ kind: 'host', value: tenant.domain }))
  return keys
}

/**
 * Wraps a tenant lookup in a cache: found tenants for `ttlMs`, unknown identifiers for
 * `negativeTtlMs`, one load for any number of concurrent misses of one identifier (the port's
 * single flight). Identifiers must already be normalised (see `classifyIdentifier`).
 *
 * @example
 * ```ts
 * const tenantCache = createTenantCache({ cache: createMemoryCache<Tenant>({ maxSize: 10_000 }), lookup: store })
 * const store = createTenantStore({ db, events, onChanged: (t, prev) => tenantCache.invalidate(t, prev) })
 * const resolver = createTenantResolver({ lookup: tenantCache, modes: ['header', 'host'] })
 * ```
 */
export function createTenantCache({
  cache,
  lookup,
  ttlMs = 300_000,
  negativeTtlMs = 60_000,
}: TenantCacheOptions): TenantCache {
  // Keys this instance cached each tenant under, so a rename also drops the old slug's key.
  const loadedKeys = new Map<string, Set<string>>()

  const remember = (tenantId: string, key: string): void => {
    const keys = loadedKeys.get(tenantId) ?? new Set<string>()
    keys.add(key)
    loadedKeys.set(tenantId, keys)
  }

  const drop = async (keys: Iterable<string>): Promise<void> => {
    await Promise.all([...new Set(keys)].map((key) => Promise.resolve(cache.delete(key))))
  }

  const keysOf = (tenant: Tenant): string[] => [
    ...tenantCacheInvalidationKeys(tenant),
    ...(loadedKeys.get(tenant.id) ?? []),
  ]

  return {
    find(identifier) {
      const key = tenantCacheKey(identifier)
      return cache.getOrLoad(
        key,
        async () => {
          const tenant = await lookup.find(identifier)
          if (tenant) remember(tenant.id, key)
          return tenant
        },
        { ttlMs, negativeTtlMs },
      )
    },

    async invalidate(tenant, previous) {
      const keys = keysOf(tenant)
      if (previous) keys.push(...keysOf(previous))
      loadedKeys.delete(tenant.id)
      await drop(keys)
    },

    async invalidateById(tenantId) {
      const idKey = tenantCacheKey({ kind: 'uuid', value: tenantId.toLowerCase() })
      const keys = [idKey, ...(loadedKeys.get(tenantId) ?? [])]
      loadedKeys.delete(tenantId)
      const current = await lookup.find({ kind: 'uuid', value: tenantId.toLowerCase() })
      if (current) keys.push(...tenantCacheInvalidationKeys(current))
      await drop(keys)
    },
  }
}
