import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hitInOrder, type RateLimitStore } from './rate-limit-store'

const T0 = 1_700_000_010_000

/**
 * The behaviour every {@link RateLimitStore} shares; run by the memory, PostgreSQL and Redis
 * stores' tests. `stores()` gives two stores over the same backing state (two instances).
 */
export function runRateLimitStoreContract(
  name: string,
  stores: () => readonly [RateLimitStore, RateLimitStore],
): void {
  describe(`${name} (rate-limit store contract)`, () => {
    // Fresh keys per test: a shared backend (Redis, one database) keeps earlier counts.
    const key = () => `ip:${randomUUID()}`

    it('counts a key up within its fixed window and reports when the window ends', async () => {
      const [store] = stores()
      const k = key()
      const hits = [
        await store.hit(k, 60_000, T0),
        await store.hit(k, 60_000, T0 + 1000),
        await store.hit(k, 60_000, T0 + 29_999),
      ]
      expect(hits.map((hit) => hit.count)).toEqual([1, 2, 3])
      expect(hits.map((hit) => hit.resetAt)).toEqual(Array(3).fill(1_700_000_040_000))
    })

    it('keeps keys apart and starts each window afresh', async () => {
      const [store] = stores()
      const [a, b] = [key(), key()]
      await store.hit(a, 60_000, T0)
      await store.hit(a, 60_000, T0)
      expect((await store.hit(b, 60_000, T0)).count).toBe(1)
      const next = await store.hit(a, 60_000, T0 + 30_000)
      expect(next).toEqual({ count: 1, resetAt: 1_700_000_100_000 })
    })

    it('counts the keys of one pass in order, and none after the first over its limit', async () => {
      const [store, other] = stores()
      const [a, b, c] = [key(), key(), key()]
      await other.hit(b, 60_000, T0)
      await other.hit(b, 60_000, T0)
      const pass = [
        { key: a, limit: 5 },
        { key: b, limit: 2 },
        { key: c, limit: 5 },
      ]
      const first = await hitInOrder(store, pass, { windowMs: 60_000, now: T0 })
      // b was at 2 of 2: this pass takes it over, so c is not counted.
      expect(first).toEqual([
        { count: 1, resetAt: 1_700_000_040_000 },
        { count: 3, resetAt: 1_700_000_040_000 },
      ])
      expect((await other.hit(c, 60_000, T0)).count).toBe(1)
      expect((await other.hit(a, 60_000, T0)).count).toBe(2)
    })

    it('takes limits beyond 32 bits (a tenant at ten times a large limit)', async () => {
      const [store] = stores()
      const pass = [
        { key: key(), limit: 10_000_000_000 },
        { key: key(), limit: 1_000_000_000 },
      ]
      const hits = await hitInOrder(store, pass, { windowMs: 60_000, now: T0 })
      expect(hits.map((hit) => hit.count)).toEqual([1, 1])
    })

    it('counts concurrent hits from two instances together, each once', async () => {
      const [first, second] = stores()
      const k = key()
      const hits = await Promise.all(
        Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? first : second).hit(k, 60_000, T0)),
      )
      expect(hits.map((hit) => hit.count).sort()).toEqual([1, 2, 3, 4, 5, 6])
    })
  })
}
