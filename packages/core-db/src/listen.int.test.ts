import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from './listen'

describe('listen', () => {
  let testDb: TestDb<unknown>
  beforeAll(async () => {
    testDb = await createTestDb({ modules: [] })
  })
  afterAll(() => testDb.destroy())

  it('receives NOTIFY payloads until unlistened', async () => {
    const received: string[] = []
    const unlisten = await listen(testDb.db, 'core_db_test', {
      onNotify: (payload) => received.push(payload),
    })
    await sql`select pg_notify('core_db_test', 'hello')`.execute(testDb.db)
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['hello'])

    await unlisten()
    await sql`select pg_notify('core_db_test', 'after')`.execute(testDb.db)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(received).toEqual(['hello'])
  })

  it('delivers a notification sent inside a transaction only after it commits', async () => {
    const received: string[] = []
    const unlisten = await listen(testDb.db, 'core_db_tx', {
      onNotify: (payload) => received.push(payload),
    })
    try {
      await testDb.db.transaction().execute(async (trx) => {
        await sql`select pg_notify('core_db_tx', 'committed')`.execute(trx)
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(received).toEqual([])
      })
      await expect.poll(() => received, { timeout: 5_000 }).toEqual(['committed'])
    } finally {
      await unlisten()
    }
  })

  it('rejects channel names that are not plain identifiers, and derived instances', async () => {
    await expect(
      listen(testDb.db, 'bad channel; drop table x', { onNotify: () => {} }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(
      listen(testDb.db.withSchema('public'), 'ok', { onNotify: () => {} }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })
})
