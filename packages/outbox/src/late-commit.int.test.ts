import type { EventEnvelope } from '@rustok/core-events'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  catalog,
  drain,
  happened,
  recordingTransport,
  thingModule,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { outboxMigrations } from './outbox-migrations'
import { createRelay } from './relay'

const label = (event: EventEnvelope): string =>
  `${event.aggregateId}#${(event.payload as { n: number }).n}`

// Needs two transactions open at once, which PGlite (one connection) cannot have: there a
// transaction always commits before the relay can even look, so nothing can commit "late".
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a transaction that commits late (PostgreSQL)',
  () => {
    let handle: Handle<TestDb>
    let db: Kysely<TestDb>
    const outbox = createOutbox({ catalog })
    beforeAll(async () => {
      handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
      db = handle.db
    })
    afterAll(() => handle.destroy())

    it('is neither skipped nor overtaken by a later event of the same aggregate', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      let inserted!: () => void
      const insertedEarly = new Promise<void>((resolve) => (inserted = resolve))

      // T1 writes x#1 and stays open. T2 (x#2) must queue behind it; T3 (y#1) commits at once.
      const slow = outbox.transaction(db, async (trx) => {
        await outbox.publishInTx(trx, [happened('x', 1)])
        inserted()
        await gate
      })
      await insertedEarly
      const queued = outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('x', 2)]))
      await outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('y', 1)]))

      const transport = recordingTransport()
      const relay = createRelay({ db, catalog, transport })
      await drain(relay)
      // Only y#1 is committed: the relay neither waits for T1 nor lets x#2 jump ahead.
      expect(transport.delivered.map(label)).toEqual(['y#1'])

      release()
      await Promise.all([slow, queued])
      await drain(relay)
      expect(transport.delivered.map(label)).toEqual(['y#1', 'x#1', 'x#2'])
    })
  },
)

if (!process.env.TEST_DATABASE_URL) {
  console.warn('[outbox] late-commit test needs PostgreSQL (TEST_DATABASE_URL): skipped on PGlite')
}
