import { createEventDispatcher } from '@rustok/core-events'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatcherTransport } from './dispatcher-transport'
import { createIdempotentHandler } from './idempotent-handler'
import {
  catalog,
  drain,
  happened,
  thingModule,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { outboxMigrations } from './outbox-migrations'
import { createRelay } from './relay'

// publish in the business transaction → outbox → relay → dispatcher → idempotent handlers.
describe('event flow end to end', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())

  it('applies every handler once per event, even when one handler fails and the row is retried', async () => {
    const outbox = createOutbox({ catalog })
    const dispatcher = createEventDispatcher({ maxAttempts: 1 })
    let auditFailures = 1
    const audited: string[] = []
    dispatcher.register(
      createIdempotentHandler({
        name: 'counter',
        types: ['thing.happened'],
        db,
        handle: async (trx, event) => {
          const { thingId } = event.payload as { thingId: string }
          await trx
            .insertInto('thing')
            .values({ id: thingId, counter: 1 })
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({ counter: eb('thing.counter', '+', 1) })),
            )
            .execute()
        },
      }),
    )
    dispatcher.register({
      name: 'audit',
      types: '*',
      handle: (event) => {
        if (auditFailures-- > 0) return Promise.reject(new Error('audit sink down'))
        audited.push(event.id)
        return Promise.resolve()
      },
    })
    const relay = createRelay({
      db,
      catalog,
      transport: dispatcherTransport(dispatcher),
      backoff: () => 0,
    })

    const events = [happened('flow-a', 1), happened('flow-b', 1), happened('flow-c', 1)]
    await outbox.transaction(db, (trx) => outbox.publishInTx(trx, events))
    await drain(relay)

    const counters = await db
      .selectFrom('thing')
      .select(['id', 'counter'])
      .where('id', 'like', 'flow-%')
      .orderBy('id')
      .execute()
    expect(counters).toEqual([
      { id: 'flow-a', counter: 1 },
      { id: 'flow-b', counter: 1 },
      { id: 'flow-c', counter: 1 },
    ])
    expect(audited.sort()).toEqual(events.map((event) => event.id).sort())
    const rows = await db
      .selectFrom('sys_events')
      .select(['status', 'attempts'])
      .orderBy('seq')
      .execute()
    expect(rows.map((row) => row.status)).toEqual(['dispatched', 'dispatched', 'dispatched'])
    expect(rows.map((row) => row.attempts).sort()).toEqual([1, 1, 2])
  })
})
