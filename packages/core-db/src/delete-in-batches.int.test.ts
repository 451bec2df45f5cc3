import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deleteInBatches } from './delete-in-batches'

const onPostgres = process.env.TEST_DATABASE_URL !== undefined

interface Tables {
  item: { id: number; part: number; doomed: boolean }
}

describe('deleteInBatches', () => {
  let testDb: TestDb<Tables>
  beforeAll(async () => {
    testDb = await createTestDb<Tables>({ modules: [] })
    await sql`create table item (id integer, part integer, doomed boolean not null,
      primary key (id, part))`.execute(testDb.db)
  })
  afterAll(() => testDb.destroy())
  beforeEach(async () => {
    await sql`delete from item`.execute(testDb.db)
  })

  const fill = async (doomed: number, kept: number): Promise<void> => {
    await sql`insert into item (id, part, doomed)
      select n, n % 3, n <= ${doomed} from generate_series(1, ${doomed + kept}) as n`.execute(
      testDb.db,
    )
  }
  const left = async (): Promise<{ doomed: number; kept: number }> => {
    const { rows } = await sql<{ doomed: number; kept: number }>`
      select count(*) filter (where doomed)::int as doomed,
        count(*) filter (where not doomed)::int as kept from item`.execute(testDb.db)
    return rows[0] ?? { doomed: -1, kept: -1 }
  }
  const prune = (options: { batchSize: number; maxBatches?: number }) =>
    deleteInBatches(testDb.db, {
      table: 'item',
      key: ['id', 'part'],
      where: sql<boolean>`doomed`,
      ...options,
    })

  it('deletes every matching row, a batch at a time, and counts them', async () => {
    await fill(2_345, 500)
    expect(await prune({ batchSize: 1_000 })).toBe(2_345)
    expect(await left()).toEqual({ doomed: 0, kept: 500 })
    expect(await prune({ batchSize: 1_000 })).toBe(0)
  })

  it('stops after maxBatches; the next call goes on', async () => {
    await fill(1_000, 10)
    expect(await prune({ batchSize: 100, maxBatches: 3 })).toBe(300)
    expect(await left()).toEqual({ doomed: 700, kept: 10 })
  })

  it('refuses a table or column name that is not a plain identifier', async () => {
    await expect(
      deleteInBatches(testDb.db, { table: 'item; drop table item', key: ['id'], where: sql`true` }),
    ).rejects.toThrow('not a plain name')
  })

  it.skipIf(!onPostgres)(
    'skips rows another transaction holds instead of waiting for it (PostgreSQL)',
    async () => {
      await fill(1_000, 0)
      let release = (): void => undefined
      const released = new Promise<void>((resolve) => (release = resolve))
      let holding = (): void => undefined
      const held = new Promise<void>((resolve) => (holding = resolve))
      // Another pruner mid-batch: it holds 100 of the rows until released.
      const holder = testDb.db.transaction().execute(async (trx) => {
        await sql`select id from item where id <= 100 for update`.execute(trx)
        holding()
        await released
      })
      await held
      try {
        const waited = new Promise<'waited'>((resolve) =>
          setTimeout(() => resolve('waited'), 5_000).unref(),
        )
        expect(await Promise.race([prune({ batchSize: 250 }), waited])).toBe(900)
        expect(await left()).toEqual({ doomed: 100, kept: 0 })
      } finally {
        release()
        await holder
      }
      expect(await prune({ batchSize: 250 })).toBe(100)
    },
  )

  it.skipIf(!onPostgres)(
    'lets two pruners run truly in parallel: disjoint rows, every row counted once (PostgreSQL)',
    async () => {
      await fill(20_000, 100)
      const counts = await Promise.all([
        prune({ batchSize: 500, maxBatches: 1_000 }),
        prune({ batchSize: 500, maxBatches: 1_000 }),
      ])
      expect(counts[0] + counts[1]).toBe(20_000)
      expect(await left()).toEqual({ doomed: 0, kept: 100 })
    },
  )
})
