import { describe, expect, it } from 'vitest'
import { runCacheContract } from './cache.contract.test-helper'
import { createMemoryCache } from './memory-cache'

const fakeClock = (): { now: () => number; advance: (ms: number) => void } => {
  let time = 1_767_225_600_000
  return { now: () => time, advance: (ms) => (time += ms) }
}

runCacheContract('memory', () => {
  const clock = fakeClock()
  return {
    cache: createMemoryCache({ ttlMs: 1000, now: clock.now }),
    advance: (ms) => {
      clock.advance(ms)
      return Promise.resolve()
    },
  }
})

describe('createMemoryCache', () => {
  it('runs the loader once for 1,000 concurrent misses', async () => {
    const cache = createMemoryCache<{ id: string }>()
    let calls = 0
    const loader = async (): Promise<{ id: string }> => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 5))
      return { id: 't1' }
    }
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => cache.getOrLoad('tenant', loader)),
    )
    expect(calls).toBe(1)
    expect(new Set(results).size).toBe(1)
    expect(cache.stats()).toMatchObject({ loads: 1, misses: 1000, coalesced: 999 })
  })

  it('gives all 1,000 waiters the same error and loads again on the next call', async () => {
    const cache = createMemoryCache<string>()
    const boom = new Error('database unavailable')
    let calls = 0
    const failing = async (): Promise<string> => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 5))
      throw boom
    }
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, () => cache.getOrLoad('k', failing)),
    )
    expect(calls).toBe(1)
    expect(results.every((r) => r.status === 'rejected' && r.reason === boom)).toBe(true)
    expect(await cache.getOrLoad('k', () => 'recovered')).toBe('recovered')
    expect(calls).toBe(1)
    expect(cache.stats()).toMatchObject({ loads: 2, loadErrors: 1 })
  })

  it('turns a synchronous throw of the loader into a rejection', async () => {
    const cache = createMemoryCache<string>()
    await expect(
      cache.getOrLoad('k', () => {
        throw new Error('sync')
      }),
    ).rejects.toThrow('sync')
    expect(cache.stats().loadErrors).toBe(1)
  })

  it('expires by the default, per-entry and negative TTLs on the injected clock', async () => {
    const clock = fakeClock()
    const cache = createMemoryCache<string>({
      ttlMs: 300_000,
      negativeTtlMs: 60_000,
      now: clock.now,
    })
    cache.set('default', 'd')
    cache.set('short', 's', { ttlMs: 1000 })
    cache.set('forever', 'f', { ttlMs: Number.POSITIVE_INFINITY })
    await cache.getOrLoad('missing', () => undefined)
    clock.advance(999)
    expect(cache.get('short')).toBe('s')
    clock.advance(1)
    expect(cache.get('short')).toBeUndefined()
    clock.advance(59_000)
    let loads = 0
    await cache.getOrLoad('missing', () => void loads++)
    expect(loads).toBe(1)
    clock.advance(240_000)
    expect(cache.get('default')).toBeUndefined()
    expect(cache.get('forever')).toBe('f')
    expect(cache.stats().negativeHits).toBe(0)
  })

  it('counts a hit on a negative entry through get as a negative hit', async () => {
    const cache = createMemoryCache<string>({ negativeTtlMs: 1000 })
    await cache.getOrLoad('gone', () => undefined)
    expect(cache.get('gone')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ negativeHits: 1, hits: 0 })
  })

  it('evicts least recently used entries beyond capacity and counts them', () => {
    const cache = createMemoryCache<number>({ maxSize: 10 })
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i)
    cache.get('k0') // recently used: survives the next rotation
    for (let i = 10; i < 30; i++) cache.set(`k${i}`, i)
    const { evictions, size } = cache.stats()
    expect(evictions).toBeGreaterThanOrEqual(10)
    expect(size).toBeLessThanOrEqual(10)
    expect(cache.get('k1')).toBeUndefined()
    expect(cache.get('k29')).toBe(29)
  })

  it('does not count a rewritten key as evicted', () => {
    const cache = createMemoryCache<number>({ maxSize: 2 })
    cache.set('a', 1)
    cache.set('b', 2) // rotation: a and b are now "old"
    cache.set('a', 3) // a is written again into the new generation
    cache.set('c', 4) // rotation: the old generation (b and the stale copy of a) is dropped
    expect(cache.stats().evictions).toBe(1)
    expect(cache.get('a')).toBe(3)
  })

  it('rejects invalid options', () => {
    expect(() => createMemoryCache({ maxSize: 0 })).toThrow(/maxSize/)
    expect(() => createMemoryCache({ ttlMs: -1 })).toThrow(/ttlMs/)
    expect(() => createMemoryCache({ negativeTtlMs: Number.NaN })).toThrow(/negativeTtlMs/)
    const cache = createMemoryCache<string>()
    expect(() => cache.set('k', 'v', { ttlMs: 0 })).toThrow(/ttlMs/)
  })

  it('does not let a load started before clear() store its result', async () => {
    const cache = createMemoryCache<string>()
    let release!: (value: string) => void
    const running = cache.getOrLoad(
      'k',
      () => new Promise<string>((resolve) => (release = resolve)),
    )
    cache.clear()
    release('stale')
    expect(await running).toBe('stale')
    expect(cache.get('k')).toBeUndefined()
  })

  it('lets an explicit set win over a load that was running', async () => {
    const cache = createMemoryCache<string>()
    let release!: (value: string) => void
    const running = cache.getOrLoad(
      'k',
      () => new Promise<string>((resolve) => (release = resolve)),
    )
    cache.set('k', 'written')
    release('loaded')
    await running
    expect(cache.get('k')).toBe('written')
  })
})
