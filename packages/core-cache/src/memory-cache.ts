import QuickLRU from 'quick-lru'
import type { Cache, CacheLoader, CacheLoadOptions, CacheSetOptions, CacheStats } from './cache'
import { CoreCacheError } from './core-cache-error'
import { createSingleFlight } from './internal/single-flight'
import { checkOptionalTtl, checkTtl } from './internal/ttl'

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /**
   * Capacity in entries (positive and negative). quick-lru holds between `maxSize` and
   * `2 × maxSize` entries, dropping the older half at once; that is what keeps a hit cheap.
   */
  readonly maxSize?: number
  /** Default TTL of an entry in milliseconds (`Infinity` for none). */
  readonly ttlMs?: number
  /** Default TTL of a negative entry; without it "not found" is remembered only when asked per call. */
  readonly negativeTtlMs?: number
  /** The clock, in epoch milliseconds; inject a fake one in tests. */
  readonly now?: () => number
}

/** The in-process cache: the {@link Cache} port, answering `get`/`set`/`delete`/`clear` synchronously. */
export interface MemoryCache<TValue> extends Cache<TValue> {
  get(key: string): TValue | undefined
  set(key: string, value: TValue, options?: CacheSetOptions): void
  delete(key: string): void
  clear(): void
}

interface Entry<TValue> {
  /** `undefined` for a negative entry. */
  readonly value: TValue | undefined
  readonly expiresAt: number
  readonly negative: boolean
}

const resolvedUndefined: Promise<undefined> = Promise.resolve(undefined)
const noOptions: CacheLoadOptions = Object.freeze({})

/**
 * Creates an in-process LRU cache on quick-lru with per-entry TTL on an injectable clock,
 * single-flight `getOrLoad` and negative entries. Expired entries are dropped lazily on read and
 * by LRU pressure. A hit allocates nothing (`get`) or one resolved promise (`getOrLoad`).
 *
 * @example
 * ```ts
 * const tenants = createMemoryCache<TenantContext>({ maxSize: 1000, ttlMs: 300_000, negativeTtlMs: 60_000 })
 * const tenant = await tenants.getOrLoad(cacheKey('-', 'tenant-slug', slug), () => findTenant(slug))
 * ```
 */
export function createMemoryCache<TValue>({
  maxSize = 1000,
  ttlMs = 300_000,
  negativeTtlMs,
  now = Date.now,
}: MemoryCacheOptions = {}): MemoryCache<TValue> {
  if (!(Number.isInteger(maxSize) && maxSize > 0)) {
    throw new CoreCacheError('INVALID_INPUT', `maxSize must be a positive integer, got ${maxSize}`)
  }
  const defaultTtl = checkTtl('ttlMs', ttlMs)
  const defaultNegativeTtl = checkOptionalTtl('negativeTtlMs', negativeTtlMs)
  const flights = createSingleFlight<TValue>()

  let hits = 0
  let misses = 0
  let loads = 0
  let loadErrors = 0
  let coalesced = 0
  let evictions = 0
  let negativeHits = 0

  const lru: QuickLRU<string, Entry<TValue>> = new QuickLRU<string, Entry<TValue>>({
    maxSize,
    onEviction: (key, entry) => {
      // quick-lru also drops stale duplicates of rewritten keys; only count entries really lost.
      if (lru.peek(key) === entry) evictions++
    },
  })

  /** The live entry of `key`, dropping an expired one. Counts a miss when there is none. */
  const lookup = (key: string): Entry<TValue> | undefined => {
    const entry = lru.get(key)
    if (entry !== undefined) {
      if (entry.expiresAt > now()) {
        if (entry.negative) negativeHits++
        else hits++
        return entry
      }
      lru.delete(key)
    }
    misses++
    return undefined
  }

  const store = (key: string, value: TValue | undefined, ttl: number | undefined): void => {
    if (ttl === undefined) return
    lru.set(key, { value, expiresAt: now() + ttl, negative: value === undefined })
  }

  const load = (
    key: string,
    loader: CacheLoader<TValue>,
    options: CacheLoadOptions,
  ): Promise<TValue | undefined> => {
    const ttl = checkTtl('ttlMs', options.ttlMs ?? defaultTtl)
    const negativeTtl = checkOptionalTtl(
      'negativeTtlMs',
      options.negativeTtlMs ?? defaultNegativeTtl,
    )
    loads++
    return flights.run(
      key,
      async () => {
        try {
          return await loader()
        } catch (error) {
          loadErrors++
          throw error
        }
      },
      (value) => store(key, value, value === undefined ? negativeTtl : ttl),
    )
  }

  return {
    get: (key) => lookup(key)?.value,
    set: (key, value, options) => {
      if (value === undefined) {
        throw new CoreCacheError('INVALID_INPUT', 'undefined means "absent" and cannot be cached')
      }
      const ttl = options?.ttlMs === undefined ? defaultTtl : checkTtl('ttlMs', options.ttlMs)
      flights.forget(key)
      store(key, value, ttl)
    },
    delete: (key) => {
      flights.forget(key)
      lru.delete(key)
    },
    clear: () => {
      flights.forgetAll()
      lru.clear()
    },
    getOrLoad: (key, loader, options) => {
      const entry = lookup(key)
      if (entry !== undefined) {
        return entry.negative ? resolvedUndefined : Promise.resolve(entry.value)
      }
      const running = flights.running(key)
      if (running !== undefined) {
        coalesced++
        return running
      }
      return load(key, loader, options ?? noOptions)
    },
    stats: (): CacheStats => ({
      hits,
      misses,
      loads,
      loadErrors,
      coalesced,
      evictions,
      negativeHits,
      size: lru.size,
    }),
  }
}
