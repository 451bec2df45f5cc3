import { executionAsyncResource } from 'node:async_hooks'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MigrationModule } from './migrator'

interface Database {
  note: { id: number; body: string }
}

const notes: MigrationModule = {
  name: 'notes',
  migrations: {
    '0001_note': {
      up: (db) =>
        db.schema
          .createTable('note')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('body', 'text')
          .execute(),
    },
  },
}

/**
 * Whether promises in this process pay async hooks: with them on, a continuation runs with its
 * promise as the current async resource; with them off, it does not.
 */
async function promiseHooksOn(): Promise<boolean> {
  await Promise.resolve()
  return executionAsyncResource() instanceof Promise
}

async function count(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('note')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('transactions', () => {
  let testDb: TestDb<Database>
  let db: Kysely<Database>
  beforeAll(async () => {
    testDb = await createTestDb<Database>({ modules: [notes] })
    db = testDb.db
  })
  afterAll(() => testDb.destroy())
  beforeEach(async () => {
    await db.deleteFrom('note').execute()
  })

  it('commits every row written in the callback', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ id: 1, body: 'a' }).execute()
      await trx.insertInto('note').values({ id: 2, body: 'b' }).execute()
    })
    expect(await count(db)).toBe(2)
  })

  it('rolls back every row when the callback throws', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('note').values({ id: 1, body: 'a' }).execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await count(db)).toBe(0)
  })

  it('rolls back when a statement in the callback fails', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('note').values({ id: 1, body: 'a' }).execute()
        await trx.insertInto('note').values({ id: 1, body: 'duplicate' }).execute()
      }),
    ).rejects.toThrow(/duplicate key|unique/)
    expect(await count(db)).toBe(0)
  })

  it('fails fast, instead of waiting on itself, when the outer db is used in its own transaction', async () => {
    const started = performance.now()
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('note').values({ id: 1, body: 'a' }).execute()
        await db.selectFrom('note').selectAll().execute()
      }),
    ).rejects.toMatchObject({ name: 'CoreDbError', code: 'OUTER_DB_IN_TRANSACTION' })
    // Generous bound: the point is "no hang", a hang would hit the 30 s test timeout.
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(await count(db)).toBe(0)
  })

  it('guards derived instances and connection() callbacks too', async () => {
    await expect(
      db
        .transaction()
        .execute(() => db.withSchema('public').selectFrom('note').selectAll().execute()),
    ).rejects.toMatchObject({ code: 'OUTER_DB_IN_TRANSACTION' })
    await expect(db.connection().execute(() => sql`select 1`.execute(db))).rejects.toMatchObject({
      code: 'OUTER_DB_IN_TRANSACTION',
    })
    await expect(
      db
        .transaction()
        .setIsolationLevel('serializable')
        .execute(() => db.selectFrom('note').selectAll().execute()),
    ).rejects.toMatchObject({ code: 'OUTER_DB_IN_TRANSACTION' })
  })

  it('lets work started inside a transaction use the db once the transaction is over', async () => {
    let later: Promise<number> | undefined
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ id: 1, body: 'a' }).execute()
      later = new Promise((resolve) => setTimeout(resolve, 50)).then(() => count(db))
    })
    await expect(later).resolves.toBe(1)
  })

  it('runs concurrent transactions from separate flows to completion', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('note')
            .values({ id: index, body: `n${index}` })
            .execute()
          await new Promise((resolve) => setTimeout(resolve, 1))
          await trx
            .updateTable('note')
            .set({ body: `done${index}` })
            .where('id', '=', index)
            .execute()
        }),
      ),
    )
    const rows = await db.selectFrom('note').select('body').where('body', 'like', 'done%').execute()
    expect(rows).toHaveLength(20)
  })

  it('leaves no async context switched on once no transaction is open, and guards the next one', async () => {
    await db
      .transaction()
      .execute((trx) => trx.insertInto('note').values({ id: 1, body: 'a' }).execute())
    // The read path of a server that opens no transaction pays nothing for the guard.
    expect(await promiseHooksOn()).toBe(false)
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await promiseHooksOn()).toBe(true)
        await trx.insertInto('note').values({ id: 2, body: 'b' }).execute()
        await db.selectFrom('note').selectAll().execute()
      }),
    ).rejects.toMatchObject({ code: 'OUTER_DB_IN_TRANSACTION' })
    expect(await promiseHooksOn()).toBe(false)
    expect(await count(db)).toBe(1)
  })

  it('keeps guarding an open transaction when another one, in another flow, ends first', async () => {
    await using other = await createTestDb<Database>({ modules: [notes] })
    let otherEnded!: () => void
    const ended = new Promise<void>((resolve) => (otherEnded = resolve))
    const long = db.transaction().execute(async (trx) => {
      await trx.insertInto('note').values({ id: 1, body: 'a' }).execute()
      await ended
      await db.selectFrom('note').selectAll().execute()
    })
    const short = other.db
      .transaction()
      .execute((trx) => trx.insertInto('note').values({ id: 1, body: 'b' }).execute())
      .finally(otherEnded)
    await short
    await expect(long).rejects.toMatchObject({ code: 'OUTER_DB_IN_TRANSACTION' })
    expect(await promiseHooksOn()).toBe(false)
  })

  it('returns int8 as a string and reports affected rows, the same on PGlite and PostgreSQL', async () => {
    await db
      .insertInto('note')
      .values([
        { id: 1, body: 'a' },
        { id: 2, body: 'b' },
      ])
      .execute()
    const result = await db.updateTable('note').set({ body: 'c' }).executeTakeFirst()
    expect(result.numUpdatedRows).toBe(2n)
    const big = await sql<{ value: unknown }>`select 9007199254740993::int8 as value`.execute(db)
    expect(big.rows[0]?.value).toBe('9007199254740993')
  })
})
