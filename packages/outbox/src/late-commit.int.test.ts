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

    it('is neither skipped nor overtaken by later commits of the same aggregate', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      let inserted!: () => void
      const insertedEarly = new Promise<void>((resolve) => (inserted = resolve))

      // T1 writes x#1 first but stays open while T2 (x#2) and T3 (y#1) commit.
      const slow = outbox.transaction(db, async (trx) => {
        await outbox.publishInTx(trx, [happened('x', 1)])
        inserted()
        await gate
      })
      await insertedEarly
      await outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('x', 2)]))
      await outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('y', 1)]))

      const transport = recordingTransport()
      const relay = createRelay({ db, catalog, transport })
      // While T1 is open, nothing newer than it may go out: x#2 would overtake x#1.
      expect(await relay.runOnce()).toBe(0)

      release()
      await slow
      await drain(relay)
      const delivered = transport.delivered.map(
        (event) => `${event.aggregateId}#${(event.payload as { n: number }).n}`,
      )
      expect(delivered).toHaveLength(3)
      expect(delivered.indexOf('x#1')).toBeLessThan(delivered.indexOf('x#2'))
      expect(delivered).toContain('y#1')
    })
  },
)

if (!process.env.TEST_DATABASE_URL) {
  console.warn('[outbox] late-commit test needs PostgreSQL (TEST_DATABASE_URL): skipped on PGlite')
}
