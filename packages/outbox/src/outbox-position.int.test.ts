import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, happened, thingModule, type TestDb } from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { outboxMigrations } from './outbox-migrations'

describe('onWritten', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())

  it('reports the highest seq each publishInTx inserted, one event or many', async () => {
    const positions: string[] = []
    const outbox = createOutbox({ catalog, onWritten: (position) => positions.push(position) })
    await outbox.transaction(db, async (trx) => {
      await outbox.publishInTx(trx, [happened('a', 1)])
      await outbox.publishInTx(trx, [happened('b', 1), happened('c', 1), happened('b', 2)])
    })
    const { rows } = await sql<{ seq: string }>`select seq::text as seq from sys_events
      order by seq`.execute(db)
    const seqs = rows.map((row) => row.seq)
    expect(seqs).toHaveLength(4)
    expect(positions).toEqual([seqs[0], seqs[3]])
  })
})
