import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  catalog,
  drain,
  happened,
  recordingTransport,
  thingModule,
  waitFor,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { outboxMigrations } from './outbox-migrations'
import { createRelay } from './relay'

const onPostgres = process.env.TEST_DATABASE_URL !== undefined
if (!onPostgres) {
  console.info(
    '[aggregate order] skipped: on PGlite transactions never overlap (set TEST_DATABASE_URL)',
  )
}

/** A promise and the function that resolves it. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

// ADR 0006: `seq` is taken at insert time, so without more, a transaction that inserted first can
// commit last; the relay would then deliver the aggregate's later event first. publishInTx's
// advisory lock per aggregate is what makes insert order commit order. These writers lock nothing
// else (no row of their own), so the lock alone is under test.
describe.skipIf(!onPostgres)('per-aggregate commit order (PostgreSQL)', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const outbox = createOutbox({ catalog })
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())

  it('a second writer of an aggregate cannot commit its event before the first writer does', async () => {
    const firstWritten = signal()
    const releaseFirst = signal()
    const first = db.transaction().execute(async (trx) => {
      await outbox.publishInTx(trx, [happened('hot', 1)])
      firstWritten.resolve()
      await releaseFirst.promise
    })
    await firstWritten.promise

    const secondPid = signal<number>()
    let secondCommitted = false
    const second = db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
        secondPid.resolve(rows[0]?.pid ?? -1)
        await outbox.publishInTx(trx, [happened('hot', 2)])
      })
      .then(() => {
        secondCommitted = true
      })
    const pid = await secondPid.promise
    const waitsOnALock = async (): Promise<boolean> => {
      const { rows } = await sql<{ waiting: boolean }>`
        select exists (select 1 from pg_locks where pid = ${pid} and not granted) as waiting`.execute(
        db,
      )
      return rows[0]?.waiting === true
    }
    // Unchecked, the second writer commits at once; checked, it waits for the first one's lock.
    await waitFor('the second writer to commit or to wait', async () =>
      secondCommitted ? true : waitsOnALock(),
    )

    // The relay runs while the first writer is still open.
    const transport = recordingTransport()
    const relay = createRelay({ db, catalog, transport })
    await relay.runOnce()
    releaseFirst.resolve()
    await Promise.all([first, second])
    await drain(relay)

    const order = transport.delivered.map((event) => (event.payload as { n: number }).n)
    expect(order).toEqual([1, 2])
  })
})
