import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cacheKey } from './cache-key'

describe('cacheKey', () => {
  it('scopes a key by tenant, kind and id', () => {
    expect(cacheKey('tenant-a', 'product', '42')).toBe('t:tenant-a:product:42')
    expect(cacheKey('tenant-a', 'product', '42')).not.toBe(cacheKey('tenant-b', 'product', '42'))
  })

  it('never maps two different triples to one key, separators included', () => {
    expect(cacheKey('a:b', 'c', 'd')).not.toBe(cacheKey('a', 'b:c', 'd'))
    fc.assert(
      fc.property(
        fc.tuple(fc.string(), fc.string(), fc.string()),
        fc.tuple(fc.string(), fc.string(), fc.string()),
        (x, y) => {
          fc.pre(x.join('\u0000') !== y.join('\u0000'))
          expect(cacheKey(...x)).not.toBe(cacheKey(...y))
        },
      ),
    )
  })
})
