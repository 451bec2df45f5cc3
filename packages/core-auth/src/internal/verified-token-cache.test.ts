import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createVerifiedTokenCache, timeRejection } from './verified-token-cache'

describe('createVerifiedTokenCache', () => {
  it('never holds more than maxSize entries and drops the least recently used', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        (maxSize, uses) => {
          const cache = createVerifiedTokenCache<number>(maxSize)
          const recent: number[] = []
          for (const use of uses) {
            if (cache.get(`t${use}`) === undefined) cache.set(`t${use}`, use)
            const seen = recent.indexOf(use)
            if (seen >= 0) recent.splice(seen, 1)
            recent.push(use)
            expect(cache.size).toBeLessThanOrEqual(maxSize)
          }
          // Exactly the maxSize most recently used tokens are still there.
          for (const kept of recent.slice(-maxSize)) expect(cache.get(`t${kept}`)).toBe(kept)
          expect(cache.size).toBe(Math.min(maxSize, recent.length))
        },
      ),
    )
  })

  it('keeps nothing at maxSize 0, and forgets a deleted token', () => {
    const off = createVerifiedTokenCache<number>(0)
    off.set('t', 1)
    expect(off.get('t')).toBeUndefined()
    expect(off.size).toBe(0)
    const on = createVerifiedTokenCache<number>(2)
    on.set('t', 1)
    on.delete('t')
    expect(on.get('t')).toBeUndefined()
  })
})

describe('timeRejection', () => {
  const claims = { iat: 100, nbf: 100, exp: 1000 }
  const at = (nowSeconds: number) => timeRejection(claims, { nowSeconds, ttlSeconds: 900 })

  it('accepts from nbf until the second before exp', () => {
    expect(at(100)).toBeUndefined()
    expect(at(999)).toBeUndefined()
  })

  it('rejects before nbf, from exp on, an iat older than the ttl and an iat in the future', () => {
    expect(at(99)).toBe('NOT_YET_VALID')
    expect(at(1000)).toBe('EXPIRED')
    expect(
      timeRejection({ iat: 100, nbf: 0, exp: 2000 }, { nowSeconds: 1001, ttlSeconds: 900 }),
    ).toBe('EXPIRED')
    expect(
      timeRejection({ iat: 100, nbf: 0, exp: 2000 }, { nowSeconds: 99, ttlSeconds: 900 }),
    ).toBe('INVALID_CLAIMS')
  })
})
