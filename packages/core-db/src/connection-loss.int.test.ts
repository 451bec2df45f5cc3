import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from './create-db'
import { isDatabaseUnavailable } from './database-unavailable'
import { startTcpProxy } from './internal/tcp-proxy.test-helper'
import { testDatabaseUrl } from './internal/test-database-url.test-helper'

const pgUrl = process.env.TEST_DATABASE_URL

/** Resolves with the settled value of `promise`, or rejects if it takes longer than `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

const settle = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'fulfilled',
    (error: unknown) => error,
  )

// Terminating backends is PostgreSQL's business; PGlite has no connections to lose.
describe.skipIf(!pgUrl)('a connection lost while lent out (PostgreSQL)', () => {
  let testDb: TestDb<unknown>
  let db: Kysely<unknown>
  const uncaught: unknown[] = []
  const onUncaught = (error: unknown): void => {
    uncaught.push(error)
  }
  beforeAll(async () => {
    process.on('uncaughtException', onUncaught)
    testDb = await createTestDb({ modules: [] })
    db = testDb.db
  })
  afterAll(async () => {
    process.off('uncaughtException', onUncaught)
    await testDb.destroy()
  })

  /** Connections to this test's database other than the one asking, by state. */
  const states = async (): Promise<Record<string, number>> => {
    const { rows } = await sql<{ state: string; n: number }>`
      select state, count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() group by state`.execute(db)
    return Object.fromEntries(rows.map((row) => [row.state, row.n]))
  }

  it('fails the queries and the transaction on terminated connections; the process and the db live on', async () => {
    const sleeping = Array.from({ length: 3 }, () => settle(sql`select pg_sleep(30)`.execute(db)))
    let resume = (): void => {}
    const paused = new Promise<void>((resolve) => {
      resume = resolve
    })
    const transactions = Array.from({ length: 3 }, (_, index) =>
      settle(
        db.transaction().execute(async (trx) => {
          await sql`select ${index}::int`.execute(trx)
          await paused
          await sql`select 2`.execute(trx)
        }),
      ),
    )
    await expect
      .poll(states, { timeout: 10_000 })
      .toMatchObject({ active: 3, 'idle in transaction': 3 })

    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(db)
    await expect.poll(states, { timeout: 10_000 }).toEqual({})

    for (const outcome of await Promise.all(sleeping)) {
      expect(outcome).toBeInstanceOf(Error)
      expect(isDatabaseUnavailable(outcome)).toBe(true)
    }
    resume()
    for (const outcome of await Promise.all(transactions)) {
      expect(outcome).toBeInstanceOf(Error)
      expect(isDatabaseUnavailable(outcome)).toBe(true)
    }

    // More queries than the pool holds, twice over: no dead connection is lent out again.
    for (let round = 0; round < 2; round += 1) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          sql<{ n: number }>`select ${index}::int as n`.execute(db),
        ),
      )
      expect(results.map((result) => result.rows[0]?.n)).toEqual(
        Array.from({ length: 20 }, (_, index) => index),
      )
    }
    expect(uncaught).toEqual([])
  })

  it('does not lend out again a connection whose query heard of the loss before the socket closed', async () => {
    const proxy = await startTcpProxy(await testDatabaseUrl(db, pgUrl ?? ''))
    // One connection, so the next query gets the same client unless the pool discarded it.
    const single = await createDb<unknown>({
      driver: 'postgres',
      url: proxy.url,
      pool: { max: 1 },
    })
    try {
      await sql`select 1`.execute(single)
      // The server's "terminating connection" reaches the client; its close does not (yet).
      proxy.holdCloses()
      const sleeping = settle(sql`select pg_sleep(30) as slept`.execute(single))
      await expect.poll(states, { timeout: 10_000 }).toMatchObject({ active: 1 })
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(db)
      expect(await sleeping).toMatchObject({ code: '57P01' })

      const next = await within(5_000, sql<{ one: number }>`select 1 as one`.execute(single))
      expect(next.rows).toEqual([{ one: 1 }])
    } finally {
      // Proxy first: closing its sockets ends a query left hanging, which pool.end() waits for.
      await proxy.close()
      await single.destroy()
    }
    expect(uncaught).toEqual([])
  })
})
