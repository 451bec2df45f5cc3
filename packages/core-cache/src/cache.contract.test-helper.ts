import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Cache } from './cache'
import { cacheKey } from './cache-key'

/** What a contract run needs from one implementation. */
export interface CacheContractSubject {
  /** A fresh, empty cache with a default TTL of 1,000 ms and no default negative TTL. */
  readonly cache: Cache<unknown>
  /** Lets `ms` pass for the cache: a fake clock moves, a real server is waited for. */
  advance(ms: number): Promise<void>
  /** Releases connections; called after each test. */
  dispose?(): Promise<void>
}

const deferred = <T>(): {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
} => {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/**
 * The behaviour every {@link Cache} implementation shares (unstorage's `testDriver` style): run it
 * from each implementation's test file with a factory of fresh subjects.
 */
export function runCacheContract(
  name: string,
  factory: () => Promise<CacheContractSubject> | CacheContractSubject,
): void {
  describe(`${name}: Cache contract`, () => {
    let subject: CacheContractSubject
    let cache: Cache<unknown>

    beforeEach(async () => {
      subject = await factory()
      cache = subject.cache
    })
    afterEach(async () => {
      await subject.dispose?.()
    })

    it('answers undefined for a key never set', async () => {
      expect(await cache.get('missing')).toBeUndefined()
    })

    it('returns what was set, for every JSON-like value, and replaces on a second set', async () => {
      const values: unknown[] = [
        'text',
        0,
        42.5,
        false,
        null,
        [1, 'two'],
        { id: 'a', n: { m: [1] } },
      ]
      for (const [index, value] of values.entries()) await cache.set(`k${index}`, value)
      for (const [index, value] of values.entries())
        expect(await cache.get(`k${index}`)).toEqual(value)
      await cache.set('k0', 'replaced')
      expect(await cache.get('k0')).toBe('replaced')
    })

    it('refuses undefined as a value', async () => {
      await expect(async () => cache.set('k', undefined)).rejects.toMatchObject({
        name: 'CoreCacheError',
        code: 'INVALID_INPUT',
      })
    })

    it('deletes one key, ignores a missing one, and clears all', async () => {
      await cache.set('a', 1)
      await cache.set('b', 2)
      await cache.delete('a')
      await cache.delete('never')
      expect(await cache.get('a')).toBeUndefined()
      expect(await cache.get('b')).toBe(2)
      await cache.clear()
      expect(await cache.get('b')).toBeUndefined()
    })

    it('expires an entry after its own TTL and keeps the others', async () => {
      await cache.set('short', 's', { ttlMs: 100 })
      await cache.set('default', 'd')
      await subject.advance(200)
      expect(await cache.get('short')).toBeUndefined()
      expect(await cache.get('default')).toBe('d')
    })

    it('loads a missing key once and then serves it from the cache', async () => {
      let calls = 0
      const loader = (): Promise<string> => Promise.resolve(`value-${++calls}`)
      expect(await cache.getOrLoad('k', loader)).toBe('value-1')
      expect(await cache.getOrLoad('k', loader)).toBe('value-1')
      expect(await cache.get('k')).toBe('value-1')
      expect(calls).toBe(1)
      expect(cache.stats()).toMatchObject({ loads: 1, hits: 2 })
    })

    it('runs one load for concurrent misses of one key', async () => {
      const gate = deferred<string>()
      let calls = 0
      const loader = (): Promise<string> => {
        calls++
        return gate.promise
      }
      const waiters = Array.from({ length: 50 }, () => cache.getOrLoad('hot', loader))
      gate.resolve('v')
      expect(await Promise.all(waiters)).toEqual(Array.from({ length: 50 }, () => 'v'))
      expect(calls).toBe(1)
      expect(cache.stats()).toMatchObject({ loads: 1, coalesced: 49 })
    })

    it('hands a rejected load to every waiter, stores nothing and loads again later', async () => {
      const boom = new Error('db down')
      let calls = 0
      const failing = (): Promise<string> => {
        calls++
        return Promise.reject(boom)
      }
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => cache.getOrLoad('k', failing)),
      )
      expect(results.every((r) => r.status === 'rejected' && r.reason === boom)).toBe(true)
      expect(calls).toBe(1)
      expect(await cache.get('k')).toBeUndefined()
      expect(await cache.getOrLoad('k', () => 'ok')).toBe('ok')
      expect(cache.stats()).toMatchObject({ loads: 2, loadErrors: 1 })
    })

    it('remembers "not found" for negativeTtlMs only', async () => {
      let calls = 0
      const notFound = (): undefined => {
        calls++
        return undefined
      }
      expect(await cache.getOrLoad('gone', notFound, { negativeTtlMs: 100 })).toBeUndefined()
      expect(await cache.getOrLoad('gone', notFound, { negativeTtlMs: 100 })).toBeUndefined()
      expect(calls).toBe(1)
      expect(cache.stats().negativeHits).toBe(1)
      await subject.advance(200)
      await cache.getOrLoad('gone', notFound, { negativeTtlMs: 100 })
      expect(calls).toBe(2)
    })

    it('does not remember "not found" without a negative TTL', async () => {
      let calls = 0
      const notFound = (): undefined => {
        calls++
        return undefined
      }
      await cache.getOrLoad('gone', notFound)
      await cache.getOrLoad('gone', notFound)
      expect(calls).toBe(2)
    })

    it('lets a set replace a negative entry', async () => {
      await cache.getOrLoad('k', () => undefined, { negativeTtlMs: 10_000 })
      await cache.set('k', 'now here')
      expect(await cache.getOrLoad('k', () => 'loader')).toBe('now here')
    })

    it('does not store a load that was invalidated while it ran', async () => {
      const gate = deferred<string>()
      const running = cache.getOrLoad('k', () => gate.promise)
      await cache.delete('k')
      gate.resolve('stale')
      expect(await running).toBe('stale')
      expect(await cache.get('k')).toBeUndefined()
      expect(await cache.getOrLoad('k', () => 'fresh')).toBe('fresh')
    })

    it('keeps two tenants with the same entity id apart', async () => {
      await cache.set(cacheKey('tenant-a', 'product', '42'), 'A')
      await cache.set(cacheKey('tenant-b', 'product', '42'), 'B')
      expect(await cache.get(cacheKey('tenant-a', 'product', '42'))).toBe('A')
      expect(await cache.get(cacheKey('tenant-b', 'product', '42'))).toBe('B')
      await cache.delete(cacheKey('tenant-a', 'product', '42'))
      expect(await cache.get(cacheKey('tenant-b', 'product', '42'))).toBe('B')
    })
  })
}
