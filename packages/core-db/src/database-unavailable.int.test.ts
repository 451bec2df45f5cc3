import { createTestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createDb } from './create-db'
import { isDatabaseUnavailable } from './database-unavailable'
import { openedDb } from './internal/db-registry'

const pgUrl = process.env.TEST_DATABASE_URL

// Error shapes from real failures of the database itself (the socket-level ones are in
// database-unavailable.test.ts; a terminated backend in connection-loss.int.test.ts).
describe('isDatabaseUnavailable on real database failures', () => {
  it.skipIf(pgUrl)('recognises a closed PGlite instance, through Kysely (PGlite)', async () => {
    const testDb = await createTestDb<unknown>({ modules: [] })
    const opened = openedDb(testDb.db)
    if (opened?.driver !== 'pglite') throw new Error('expected a PGlite test database')
    await opened.pglite.close()
    const error = await sql`select 1`.execute(testDb.db).then(
      () => undefined,
      (reason: unknown) => reason,
    )
    expect(error).toMatchObject({ message: 'PGlite is closed' })
    expect(isDatabaseUnavailable(error)).toBe(true)
    await testDb.destroy()
  })

  it('does not mistake a failed query for an unreachable database', async () => {
    await using testDb = await createTestDb<unknown>({ modules: [] })
    const failures = await Promise.all(
      [sql`select 1 / 0`, sql`select * from no_such_table`, sql`select 'x'::int`].map((query) =>
        query.execute(testDb.db).then(
          () => undefined,
          (reason: unknown) => reason,
        ),
      ),
    )
    for (const error of failures) {
      expect(error).toBeInstanceOf(Error)
      expect(isDatabaseUnavailable(error)).toBe(false)
    }
  })

  it.skipIf(!pgUrl)(
    "recognises pg-pool's timeout when no connection is free (PostgreSQL)",
    async () => {
      const db = await createDb<unknown>({
        driver: 'postgres',
        url: pgUrl ?? '',
        pool: { max: 1, connectionTimeoutMillis: 100 },
      })
      // Open the one connection first: on a busy machine opening it may itself take over 100 ms.
      const opened = (): Promise<boolean> =>
        sql`select 1`.execute(db).then(
          () => true,
          () => false,
        )
      await expect.poll(opened, { timeout: 20_000 }).toBe(true)
      let resume = (): void => {}
      const paused = new Promise<void>((resolve) => {
        resume = resolve
      })
      let holding = (): void => {}
      const held = new Promise<void>((resolve) => {
        holding = resolve
      })
      const holder = db.connection().execute(async (connection) => {
        await sql`select 1`.execute(connection)
        holding()
        await paused
      })
      try {
        await Promise.race([held, holder])
        const error = await sql`select 1`.execute(db).then(
          () => undefined,
          (reason: unknown) => reason,
        )
        expect(error).toMatchObject({ message: 'timeout exceeded when trying to connect' })
        expect(isDatabaseUnavailable(error)).toBe(true)
      } finally {
        resume()
        await holder
        await db.destroy()
      }
    },
  )
})
