import { isCoreEventsError } from '@rustok/core-events'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  catalog,
  happened,
  tenantId,
  thingModule,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { isOutboxError } from './outbox-error'
import { outboxMigrations } from './outbox-migrations'

// What publishInTx accepts is the envelope's contract, checked before any SQL: nothing reaches
// PostgreSQL as a raw driver error, and one tenant id is one lock key.
describe('publishInTx checks the envelope contract', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const outbox = createOutbox({ catalog })
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())
  beforeEach(async () => {
    await db.deleteFrom('sys_events').execute()
  })

  const rejection = async (work: Promise<unknown>): Promise<unknown> => {
    try {
      await work
    } catch (error) {
      return error
    }
    throw new Error('expected publishInTx to throw')
  }

  it('refuses a connection that is not a transaction, writing nothing', async () => {
    const error = await rejection(outbox.publishInTx(db, [happened('a', 1)]))
    expect(isOutboxError(error) && error.code).toBe('INTERNAL')
    expect((error as Error).message).toMatch(/needs a transaction/)
    expect(await db.selectFrom('sys_events').selectAll().execute()).toEqual([])
  })

  it.each([
    ['correlationId', { correlationId: 'req-42' }],
    ['causationId', { causationId: 'not a uuid' }],
  ])(
    'answers INVALID_EVENT naming %s when it is not a UUID (never a raw 22P02)',
    async (field, patch) => {
      const error = await rejection(
        db
          .transaction()
          .execute((trx) => outbox.publishInTx(trx, [{ ...happened('a', 1), ...patch }])),
      )
      expect(isCoreEventsError(error) && error.code).toBe('INVALID_EVENT')
      expect(isCoreEventsError(error) && error.issues.map((issue) => issue.path)).toEqual([field])
      expect(await db.selectFrom('sys_events').selectAll().execute()).toEqual([])
    },
  )

  it('takes one advisory lock key per aggregate whether the tenant id came upper- or lowercase, alone or in a batch', async () => {
    const heldKeys = async (trx: Kysely<TestDb>): Promise<string[]> => {
      const { rows } = await sql<{ key: string }>`
        select ((classid::bigint << 32) | objid::bigint)::text as key
        from pg_locks
        where locktype = 'advisory' and pid = pg_backend_pid() and objsubid = 1`.execute(trx)
      return rows.map((row) => row.key).sort()
    }
    const upper = { ...happened('a', 1), tenantId: tenantId.toUpperCase() }
    const single = await db.transaction().execute(async (trx) => {
      await outbox.publishInTx(trx, [upper])
      return heldKeys(trx)
    })
    const batch = await db.transaction().execute(async (trx) => {
      await outbox.publishInTx(trx, [happened('a', 2), happened('a', 3)])
      return heldKeys(trx)
    })
    expect(single).toHaveLength(1)
    expect(batch).toEqual(single)
  })
})
