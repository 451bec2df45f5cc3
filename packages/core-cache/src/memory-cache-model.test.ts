import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMemoryCache } from './memory-cache'

type Op =
  | { readonly type: 'set'; readonly key: string; readonly value: number }
  | { readonly type: 'delete'; readonly key: string }
  | { readonly type: 'clear' }

const key = fc.constantFrom('a', 'b', 'c', 'd', 't:1:x:1', 't:2:x:1')
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ type: fc.constant('set' as const), key, value: fc.integer() }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('clear' as const) }) },
)

describe('createMemoryCache (model-based)', () => {
  it('agrees with a Map after any sequence of set/delete/clear', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const cache = createMemoryCache<number>({ maxSize: 10_000 })
        const model = new Map<string, number>()
        for (const step of ops) {
          switch (step.type) {
            case 'set':
              cache.set(step.key, step.value)
              model.set(step.key, step.value)
              break
            case 'delete':
              cache.delete(step.key)
              model.delete(step.key)
              break
            case 'clear':
              cache.clear()
              model.clear()
              break
          }
          for (const probe of ['a', 'b', 'c', 'd', 't:1:x:1', 't:2:x:1']) {
            expect(cache.get(probe)).toBe(model.get(probe))
          }
        }
        expect(cache.stats().size).toBe(model.size)
      }),
      { numRuns: 300 },
    )
  })
})
