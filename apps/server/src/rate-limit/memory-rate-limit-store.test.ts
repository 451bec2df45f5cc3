import { describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore } from './memory-rate-limit-store'
import { runRateLimitStoreContract } from './rate-limit-store.contract.test-helper'

runRateLimitStoreContract('createMemoryRateLimitStore', () => {
  // Two instances share state only when they share the map: the same store stands for both.
  const store = createMemoryRateLimitStore()
  return [store, store]
})

describe('createMemoryRateLimitStore past its capacity', () => {
  const WINDOW = 60_000
  const NOW = 1_700_000_010_000

  it('keeps at most maxKeys counters of many more keys in one window, dropping the oldest', async () => {
    const maxKeys = 100
    const store = createMemoryRateLimitStore({ maxKeys })
    const keys = Array.from({ length: 10_000 }, (_, n) => `ip:key-${String(n)}`)
    for (const key of keys) await store.hit(key, WINDOW, NOW)
    // A kept key counts on (2); a dropped one starts again (1). Newest first: the kept keys are
    // the most recent ones, and asking about them first drops none of the others.
    let kept = 0
    for (const key of keys.toReversed()) {
      if ((await store.hit(key, WINDOW, NOW)).count !== 2) break
      kept += 1
    }
    expect(kept).toBeGreaterThanOrEqual(maxKeys / 2)
    expect(kept).toBeLessThanOrEqual(maxKeys)
    expect((await store.hit(keys[0] ?? '', WINDOW, NOW)).count).toBe(1)
  })

  it('keeps a key that stays in use while new keys flood in', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 10 })
    for (let n = 0; n < 1000; n += 1) {
      await store.hit('ip:busy', WINDOW, NOW)
      await store.hit(`ip:flood-${String(n)}`, WINDOW, NOW)
    }
    expect((await store.hit('ip:busy', WINDOW, NOW)).count).toBe(1001)
  })
})
