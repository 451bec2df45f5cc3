import { randomUUID } from 'node:crypto'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely, type KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresRateLimitStore, rateLimitMigrations } from './postgres-rate-limit-store'
import { hitInOrder, type RateLimitStore } from './rate-limit-store'

const WINDOW = 60_000
const T0 = 1_700_000_010_000

let testDb: TestDb<unknown>
beforeAll(async () => {
  testDb = await createTestDb({ modules: [rateLimitMigrations] })
})
afterAll(() => testDb.destroy())

/** A server instance: its own store over the shared database, counting the statements it sends. */
function instance(): { store: RateLimitStore; statements: () => number } {
  let statements = 0
  const counting: KyselyPlugin = {
    transformQuery({ node }) {
      statements += 1
      return node
    },
    transformResult: ({ result }) => Promise.resolve(result),
  }
  const db: Kysely<unknown> = testDb.db.withPlugin(counting)
  return { store: createPostgresRateLimitStore(db), statements: () => statements }
}

/** The pass the server makes for one request: the address, then the tenant. */
const pass = (ip: string, tenant: string, limit: number) => [
  { key: `default:${ip}`, limit },
  { key: `tenant:${tenant}`, limit: limit * 10 },
]

describe('createPostgresRateLimitStore leases (two instances on one database)', () => {
  it('never lets two instances hitting in parallel pass the limit together, each slot once', async () => {
    const servers = [instance(), instance()]
    const [ip, tenant] = [randomUUID(), randomUUID()]
    const limit = 1000
    const hits = await Promise.all(
      Array.from({ length: 3000 }, (_, n) =>
        hitInOrder((servers[n % 2] as (typeof servers)[0]).store, pass(ip, tenant, limit), {
          windowMs: WINDOW,
          now: T0,
        }),
      ),
    )
    const allowed = hits
      .filter((counted) => counted.length === 2 && (counted[1]?.count ?? 0) <= limit * 10)
      .map((counted) => counted[0]?.count ?? 0)
    // Both instances hit until the shared count ran out: the limit, no more and no less, and
    // every allowed hit a different slot of it.
    expect(allowed).toHaveLength(limit)
    expect(new Set(allowed)).toEqual(new Set(Array.from({ length: limit }, (_, n) => n + 1)))
    const { rows } = await sql<{ count: number }>`
      select count from rate_limit_hits where key = ${`default:${ip}`}`.execute(testDb.db)
    // The shared row counts whole leases: at least the limit, never a slot given out twice.
    expect(rows[0]?.count).toBeGreaterThanOrEqual(limit)
  })

  it('sends one statement per lease, not one per hit', async () => {
    const servers = [instance(), instance()]
    const [ip, tenant] = [randomUUID(), randomUUID()]
    const hits = 400
    for (let n = 0; n < hits; n++) {
      const server = servers[n % 2] as (typeof servers)[0]
      const counted = await hitInOrder(server.store, pass(ip, tenant, 1000), {
        windowMs: WINDOW,
        now: T0,
      })
      expect(counted.map((hit) => hit.count <= 1000)).toEqual([true, true])
    }
    const statements = servers.reduce((sum, server) => sum + server.statements(), 0)
    // Leases of 100 address slots (and of 100 tenant slots, taken in the same statements):
    // two instances need two each for 200 hits; one more statement each deletes old windows.
    expect(statements).toBeLessThanOrEqual(6)
  })

  it('keeps a small limit exact across instances: one statement per hit, the next refused', async () => {
    const servers = [instance(), instance()]
    const key = `login:${randomUUID()}`
    const counts: number[] = []
    for (let n = 0; n < 6; n++) {
      const server = servers[n % 2] as (typeof servers)[0]
      const counted = await hitInOrder(server.store, [{ key, limit: 5 }], {
        windowMs: WINDOW,
        now: T0,
      })
      counts.push(counted[0]?.count ?? 0)
    }
    expect(counts).toEqual([1, 2, 3, 4, 5, 6])
    // Five hits and the refused sixth each went to the database (plus one cleanup each).
    const statements = servers.reduce((sum, server) => sum + server.statements(), 0)
    expect(statements).toBe(6 + 2)
  })
})
