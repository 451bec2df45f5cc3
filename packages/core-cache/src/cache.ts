/** A value, or a promise of it: memory caches answer synchronously, remote ones asynchronously. */
export type Awaitable<T> = T | Promise<T>

/** Options of {@link Cache.set}. */
export interface CacheSetOptions {
  /** How long the entry lives, in milliseconds (`Infinity` for no expiry). Defaults to the cache's TTL. */
  readonly ttlMs?: number
}

/** Options of {@link Cache.getOrLoad}. */
export interface CacheLoadOptions {
  /** How long a loaded value lives, in milliseconds. Defaults to the cache's TTL. */
  readonly ttlMs?: number
  /**
   * How long "not found" (the loader returned `undefined`) is remembered, in milliseconds. Without
   * it (here or on the cache) a missing key is loaded again on every call.
   */
  readonly negativeTtlMs?: number
}

/** Produces the value for a missing key; `undefined` means "not found". */
export type CacheLoader<TValue> = () => Awaitable<TValue | undefined>

/** Counters of one cache instance since it was created (or since {@link Cache.clear}, for `size`). */
export interface CacheStats {
  /** Reads that found a live value. */
  readonly hits: number
  /** Reads that found nothing live (joining a running load included). */
  readonly misses: number
  /** Loader calls started by `getOrLoad`. */
  readonly loads: number
  /** Loader calls that threw or rejected. */
  readonly loadErrors: number
  /** `getOrLoad` misses that joined a load already running for the same key instead of starting one. */
  readonly coalesced: number
  /** Entries dropped to respect the capacity (not expiries, not deletes). */
  readonly evictions: number
  /** Reads answered "not found" by a negative entry, without calling a loader. */
  readonly negativeHits: number
  /** Entries held now (positive and negative); for a remote cache, those of its local fallback. */
  readonly size: number
}

/**
 * The cache port: string keys, opaque values, per-entry TTL, single-flight loading and negative
 * entries. `undefined` is reserved for "absent", so it cannot be stored as a value.
 *
 * Build keys with `cacheKey(tenantId, kind, id)` so that two tenants never share an entry.
 * Methods may answer synchronously (memory) or with a promise (Redis): `await` them when you
 * depend on the port rather than on an implementation.
 */
export interface Cache<TValue> {
  /** The live value for `key`, or `undefined` when absent, expired or known missing. */
  get(key: string): Awaitable<TValue | undefined>
  /** Stores `value` under `key`; it replaces any entry (negative ones included). */
  set(key: string, value: TValue, options?: CacheSetOptions): Awaitable<void>
  /** Removes the entry for `key`; a load running for `key` will not store its result. */
  delete(key: string): Awaitable<void>
  /** Removes every entry; loads running now will not store their results. */
  clear(): Awaitable<void>
  /**
   * The live value for `key`, or else the loader's result, stored for `ttlMs`. Concurrent misses of
   * one key share one loader call; a rejected load is not stored and every waiter gets its error.
   */
  getOrLoad(
    key: string,
    loader: CacheLoader<TValue>,
    options?: CacheLoadOptions,
  ): Promise<TValue | undefined>
  /** A snapshot of the counters. */
  stats(): CacheStats
}
