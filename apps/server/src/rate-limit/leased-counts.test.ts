import { describe, expect, it } from 'vitest'
import { createLeasedCounts, leaseSize, type LeaseRequest, type TakeLeases } from './leased-counts'
import type { RateLimitHit, RateLimitKeyHit } from './rate-limit-store'

const WINDOW = 60_000
const T0 = 1_700_000_010_000

/**
 * The shared counters as the PostgreSQL store keeps them, in a map: each lease adds its size and
 * the chain stops after a lease with no slot within its limit. Answers after a macrotask, so
 * concurrent passes really overlap. `trips` counts the calls (the statements).
 */
function sharedCounters() {
  const counts = new Map<string, number>()
  const requests: LeaseRequest[][] = []
  const take: TakeLeases = async (batch, { start }) => {
    requests.push([...batch])
    await new Promise((resolve) => setImmediate(resolve))
    const taken: number[] = []
    for (const { key, limit, size } of batch) {
      const row = `${key}@${String(start)}`
      const count = (counts.get(row) ?? 0) + size
      counts.set(row, count)
      taken.push(count)
      if (count - size >= limit) break
    }
    return taken
  }
  return {
    take,
    requests,
    counts,
    get trips() {
      return requests.length
    },
  }
}

const allowed = (hits: readonly (readonly RateLimitHit[])[], limit: number): number[] =>
  hits.map((pass) => pass[0]?.count ?? 0).filter((count) => count <= limit)

describe('leaseSize', () => {
  it('takes a tenth of the limit, at most maxLease, and one slot for small limits', () => {
    expect([5, 19, 20, 300, 999, 1000, 1_000_000_000].map((limit) => leaseSize(limit))).toEqual([
      1, 1, 2, 30, 99, 100, 100,
    ])
    expect(leaseSize(300, { maxLease: 1 })).toBe(1)
    expect(leaseSize(300, { leaseFraction: 0.05 })).toBe(15)
  })
})

describe('createLeasedCounts', () => {
  const one = (key: string, limit: number): readonly RateLimitKeyHit[] => [{ key, limit }]

  it('counts a large limit against leases: one trip per lease, each hit its own slot', async () => {
    const shared = sharedCounters()
    const hitMany = createLeasedCounts({ take: shared.take })
    const counts: number[] = []
    for (let n = 0; n < 250; n++) {
      const [hit] = await hitMany(one('ip:a', 1000), WINDOW, T0)
      counts.push(hit?.count ?? 0)
    }
    expect(counts).toEqual(Array.from({ length: 250 }, (_, n) => n + 1))
    // 100 slots a lease: 250 hits take three leases.
    expect(shared.trips).toBe(3)
  })

  it('keeps a small limit exact: one slot, one trip per hit', async () => {
    const shared = sharedCounters()
    const [first, second] = [createLeasedCounts(shared), createLeasedCounts(shared)]
    const counts: number[] = []
    for (let n = 0; n < 5; n++) {
      const [hit] = await (n % 2 === 0 ? first : second)(one('login:a', 5), WINDOW, T0)
      counts.push(hit?.count ?? 0)
    }
    expect(counts).toEqual([1, 2, 3, 4, 5])
    expect(shared.trips).toBe(5)
    expect(shared.requests.flat().every((request) => request.size === 1)).toBe(true)
    const [refused] = await first(one('login:a', 5), WINDOW, T0)
    expect(refused?.count).toBe(6)
  })

  it('refuses without a trip once the shared count is at the limit', async () => {
    const shared = sharedCounters()
    const hitMany = createLeasedCounts({ take: shared.take })
    const counts: number[] = []
    for (let n = 0; n < 40; n++)
      counts.push((await hitMany(one('ip:a', 20), WINDOW, T0))[0]?.count ?? 0)
    expect(counts.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1))
    expect(counts.slice(20).every((count) => count > 20)).toBe(true)
    // Ten leases of 2 slots; the last one reached the limit, so the refusals cost nothing.
    expect(shared.trips).toBe(10)
  })

  it('lets two instances together allow exactly the limit, each slot once, under parallel hits', async () => {
    const shared = sharedCounters()
    const instances = [createLeasedCounts(shared), createLeasedCounts(shared)]
    const limit = 1000
    const hits = await Promise.all(
      Array.from({ length: 3000 }, (_, n) =>
        (instances[n % 2] as (typeof instances)[0])(one('tenant:t', limit), WINDOW, T0),
      ),
    )
    const slots = allowed(hits, limit)
    expect(slots).toHaveLength(limit)
    expect(new Set(slots).size).toBe(limit)
    expect(shared.trips).toBeLessThan(3000 / 10)
  })

  it('waits for a key’s lease on its way instead of taking one per concurrent hit', async () => {
    const shared = sharedCounters()
    const hitMany = createLeasedCounts({ take: shared.take })
    const hits = await Promise.all(
      Array.from({ length: 50 }, () => hitMany(one('ip:a', 10_000), WINDOW, T0)),
    )
    expect(hits.map((pass) => pass[0]?.count).sort((a = 0, b = 0) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, n) => n + 1),
    )
    expect(shared.trips).toBe(1)
  })

  it('counts the keys of a pass in order and takes no lease after a key over its limit', async () => {
    const shared = sharedCounters()
    const [hitMany, other] = [createLeasedCounts(shared), createLeasedCounts(shared)]
    const pass = [
      { key: 'default:ip', limit: 1 },
      { key: 'tenant:t', limit: 1000 },
    ]
    // Another instance used the address's one slot: this pass finds it over in the shared count.
    await other([{ key: 'default:ip', limit: 1 }], WINDOW, T0)
    expect((await hitMany(pass, WINDOW, T0)).map((hit) => hit.count)).toEqual([2])
    expect(shared.counts.get(`tenant:t@${String(T0 - (T0 % WINDOW))}`)).toBeUndefined()
    // Known over now: refused again without a trip, and the tenant still not counted.
    expect((await hitMany(pass, WINDOW, T0)).map((hit) => hit.count)).toEqual([3])
    expect(shared.trips).toBe(2)
    expect(shared.counts.get(`tenant:t@${String(T0 - (T0 % WINDOW))}`)).toBeUndefined()
  })

  it('keeps the newer window’s slots when a late hit counts in the window before', async () => {
    const shared = sharedCounters()
    const hitMany = createLeasedCounts({ take: shared.take })
    await hitMany(one('ip:a', 1000), WINDOW, T0 + WINDOW)
    expect((await hitMany(one('ip:a', 1000), WINDOW, T0))[0]?.count).toBe(1)
    expect((await hitMany(one('ip:a', 1000), WINDOW, T0 + WINDOW))[0]?.count).toBe(2)
    expect(shared.trips).toBe(2)
  })

  it('takes a new lease when the window rolls', async () => {
    const shared = sharedCounters()
    const hitMany = createLeasedCounts({ take: shared.take })
    await hitMany(one('ip:a', 1000), WINDOW, T0)
    const next = await hitMany(one('ip:a', 1000), WINDOW, T0 + WINDOW)
    expect(next).toEqual([{ count: 1, resetAt: 1_700_000_100_000 }])
    expect(shared.trips).toBe(2)
  })
})
