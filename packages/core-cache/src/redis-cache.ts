import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel'
import type { Cache, CacheLoader, CacheLoadOptions, CacheSetOptions, CacheStats } from './cache'
import { CoreCacheError } from './core-cache-error'
import { createSingleFlight } from './internal/single-flight'
import { checkOptionalTtl, checkTtl } from './internal/ttl'
import type { MemoryCache } from './memory-cache'
import { createMemoryCache } from './memory-cache'

/** The slice of an ioredis client the Redis cache uses. */
export interface RedisCachePort {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<unknown>
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>
  del(...keys: string[]): Promise<unknown>
  scan(
    cursor: string,
    match: 'MATCH',
    pattern: string,
    count: 'COUNT',
    size: number,
  ): Promise<[cursor: string, keys: string[]]>
}

/** Runs a call through a circuit breaker; cockatiel's `CircuitBreakerPolicy` fits. */
export interface CircuitBreakerPort {
  execute<T>(fn: () => Promise<T>): Promise<T>
}

/** Options of {@link createRedisCache}. */
export interface RedisCacheOptions {
  /** An ioredis client (or anything with the same four commands). */
  readonly redis: RedisCachePort
  /** Prepended to every key; `clear()` deletes only keys under it. */
  readonly prefix?: string
  /** Default TTL in milliseconds (`Infinity` for none). */
  readonly ttlMs?: number
  /** Default TTL of negative entries; without it "not found" is remembered only when asked per call. */
  readonly negativeTtlMs?: number
  /** Guards every Redis call. Defaults to 5 consecutive failures → open, half-open after 30 s. */
  readonly breaker?: CircuitBreakerPort
  /** Answers while Redis fails or the circuit is open; holds encoded entries. */
  readonly fallback?: MemoryCache<string>
  /** Told about every Redis failure that was answered from the fallback. */
  readonly onError?: (error: unknown) => void
}

/** The Redis-backed {@link Cache}; every method answers with a promise. */
export interface RedisCache<TValue> extends Cache<TValue> {
  get(key: string): Promise<TValue | undefined>
  set(key: string, value: TValue, options?: CacheSetOptions): Promise<void>
  delete(key: string): Promise<void>
  clear(): Promise<void>
}

const negativeMark = 'n'
const valueMark = 'v'
const noOptions: CacheLoadOptions = Object.freeze({})

/**
 * Creates a {@link Cache} on Redis, shared by every instance: values are stored as JSON under
 * `prefix + key` with `SET … PX`, negative entries as a marker. Every call runs through a circuit
 * breaker; when Redis fails or the circuit is open the cache answers from an in-memory fallback,
 * so an outage costs freshness and hit rate, never availability. Single flight is per process.
 *
 * @example
 * ```ts
 * const cache = createRedisCache<TenantContext>({
 *   redis: new Redis(process.env.REDIS_URL),
 *   prefix: 'tenant-cache:v1:',
 *   ttlMs: 300_000,
 * })
 * ```
 */
export function createRedisCache<TValue>({
  redis,
  prefix = 'rustok:cache:',
  ttlMs = 300_000,
  negativeTtlMs,
  breaker = circuitBreaker(handleAll, {
    halfOpenAfter: 30_000,
    breaker: new ConsecutiveBreaker(5),
  }),
  fallback = createMemoryCache<string>({ ttlMs: Math.min(ttlMs, 60_000) }),
  onError = () => undefined,
}: RedisCacheOptions): RedisCache<TValue> {
  const defaultTtl = checkTtl('ttlMs', ttlMs)
  const defaultNegativeTtl = checkOptionalTtl('negativeTtlMs', negativeTtlMs)
  const flights = createSingleFlight<TValue>()
  // SCAN MATCH is a glob: escape the prefix so that only its own keys match.
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`
  const counters = { hits: 0, misses: 0, loads: 0, loadErrors: 0, coalesced: 0, negativeHits: 0 }

  const guarded = async <T>(call: () => Promise<T>, otherwise: () => T): Promise<T> => {
    try {
      return await breaker.execute(call)
    } catch (error) {
      onError(error)
      return otherwise()
    }
  }

  const read = (key: string): Promise<string | null> =>
    guarded(
      () => redis.get(prefix + key),
      () => fallback.get(key) ?? null,
    )

  const write = async (key: string, raw: string, ttl: number): Promise<void> => {
    fallback.delete(key)
    const px = Math.ceil(ttl)
    await guarded(
      () =>
        Number.isFinite(ttl)
          ? redis.set(prefix + key, raw, 'PX', px)
          : redis.set(prefix + key, raw),
      () => fallback.set(key, raw, { ttlMs: ttl }),
    )
  }

  const remove = async (key: string): Promise<void> => {
    touch(key)
    flights.forget(key)
    // Also from the fallback, so a later outage cannot serve what was deleted now.
    fallback.delete(key)
    await guarded(
      () => redis.del(prefix + key),
      () => undefined,
    )
  }

  /** Decodes a stored entry: `[found, value]`; an undecodable entry is deleted and is a miss. */
  const lookup = async (key: string): Promise<[boolean, TValue | undefined]> => {
    const raw = await read(key)
    if (raw !== null) {
      if (raw === negativeMark) {
        counters.negativeHits++
        return [true, undefined]
      }
      if (raw.startsWith(valueMark)) {
        try {
          const value = JSON.parse(raw.slice(1)) as TValue
          counters.hits++
          return [true, value]
        } catch {
          // fall through: treat as a miss and drop it
        }
      }
      await remove(key)
    }
    counters.misses++
    return [false, undefined]
  }

  // A delete or set that lands while a getOrLoad awaits its Redis read must stop that load from
  // storing: the flight does not exist yet to be forgotten. Marks live only while reads are pending.
  let epoch = 0
  let clearedAt = 0
  let pendingReads = 0
  const touchedAt = new Map<string, number>()
  const touch = (key: string): void => {
    epoch++
    if (pendingReads > 0) touchedAt.set(key, epoch)
  }

  const load = (
    key: string,
    loader: CacheLoader<TValue>,
    { ttl, negativeTtl, stale }: { ttl: number; negativeTtl: number | undefined; stale: boolean },
  ): Promise<TValue | undefined> => {
    counters.loads++
    return flights.run(
      key,
      async () => {
        try {
          return await loader()
        } catch (error) {
          counters.loadErrors++
          throw error
        }
      },
      async (loaded) => {
        if (stale) return
        if (loaded !== undefined) await write(key, valueMark + JSON.stringify(loaded), ttl)
        else if (negativeTtl !== undefined) await write(key, negativeMark, negativeTtl)
      },
    )
  }

  const lookupAndLoad: RedisCache<TValue>['getOrLoad'] = async (
    key,
    loader,
    options = noOptions,
  ) => {
    const seen = epoch
    pendingReads++
    let result: Promise<TValue | undefined>
    try {
      const [found, value] = await lookup(key)
      if (found) return value
      const running = flights.running(key)
      if (running === undefined) {
        const ttl = checkTtl('ttlMs', options.ttlMs ?? defaultTtl)
        const negativeTtl = checkOptionalTtl(
          'negativeTtlMs',
          options.negativeTtlMs ?? defaultNegativeTtl,
        )
        const stale = clearedAt > seen || (touchedAt.get(key) ?? 0) > seen
        result = load(key, loader, { ttl, negativeTtl, stale })
      } else {
        counters.coalesced++
        result = running
      }
    } finally {
      // Synchronous with the start of the load above, so no invalidation can slip in between.
      if (--pendingReads === 0) touchedAt.clear()
    }
    return result
  }

  // Callers that arrive while another caller of the same key is still reading Redis join it: a
  // load that fails fast would otherwise be over before their reads return, and they would each
  // start their own (a stampede of retries against a failing source).
  const waves = new Map<string, Promise<TValue | undefined>>()
  const getOrLoad: RedisCache<TValue>['getOrLoad'] = (key, loader, options) => {
    const joined = waves.get(key)
    if (joined) {
      counters.coalesced++
      return joined
    }
    const wave = lookupAndLoad(key, loader, options).finally(() => waves.delete(key))
    waves.set(key, wave)
    return wave
  }

  return {
    get: async (key) => (await lookup(key))[1],
    set: async (key, value, options) => {
      if (value === undefined) {
        throw new CoreCacheError('INVALID_INPUT', 'undefined means "absent" and cannot be cached')
      }
      const ttl = options?.ttlMs === undefined ? defaultTtl : checkTtl('ttlMs', options.ttlMs)
      touch(key)
      flights.forget(key)
      waves.delete(key)
      await write(key, valueMark + JSON.stringify(value), ttl)
    },
    delete: (key) => {
      waves.delete(key)
      return remove(key)
    },
    clear: async () => {
      clearedAt = ++epoch
      flights.forgetAll()
      waves.clear()
      fallback.clear()
      await guarded(
        async () => {
          let cursor = '0'
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
            if (keys.length > 0) await redis.del(...keys)
            cursor = next
          } while (cursor !== '0')
        },
        () => undefined,
      )
    },
    getOrLoad,
    stats: (): CacheStats => ({ ...counters, evictions: 0, size: fallback.stats().size }),
  }
}
