import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { EventEnvelope } from '@rustok/core-events'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { discardDeadLetters, listDeadLetters, replayDeadLetters } from './dead-letters'
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

describe('dead letters', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const outbox = createOutbox({ catalog })
  let broken = true
  const transport = recordingTransport(() => {
    if (broken) throw new Error('handler bug')
  })
  const relay = () => createRelay({ db, catalog, transport, maxAttempts: 1 })
  const events: EventEnvelope[] = []

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())
  beforeEach(async () => {
    broken = true
    transport.delivered.length = 0
    await db.deleteFrom('sys_events').execute()
    events.length = 0
    events.push(happened('a', 1), happened('b', 1), happened('c', 1))
    await outbox.transaction(db, (trx) => outbox.publishInTx(trx, events))
    await drain(relay())
  })

  it('lists failed events by type and page, with their error', async () => {
    const all = await listDeadLetters(db, { type: 'thing.happened' })
    expect(all.map((row) => row.aggregate_id)).toEqual(['a', 'b', 'c'])
    expect(all[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'Error: handler bug',
    })
    const firstPage = await listDeadLetters(db, {}, { limit: 2 })
    const secondPage = await listDeadLetters(db, {}, { limit: 2, afterSeq: firstPage.at(-1)?.seq })
    expect(secondPage.map((row) => row.aggregate_id)).toEqual(['c'])
    expect(await listDeadLetters(db, { tenantId: '0190a000-0000-7000-8000-0000000000ff' })).toEqual(
      [],
    )
    expect(await listDeadLetters(db, { to: new Date(Date.now() - 3_600_000) })).toEqual([])
  })

  it('replays one dead letter: it is delivered again once the cause is fixed', async () => {
    broken = false
    expect(await replayDeadLetters(db, { ids: [events[1]?.id ?? ''] })).toBe(1)
    await drain(relay())
    expect(transport.delivered.map((event) => event.aggregateId)).toEqual(['b'])
    expect((await listDeadLetters(db)).map((row) => row.aggregate_id)).toEqual(['a', 'c'])
  })

  it('replays all matching dead letters', async () => {
    broken = false
    expect(await replayDeadLetters(db, { type: 'thing.happened' })).toBe(3)
    await drain(relay())
    expect(transport.delivered.map((event) => event.aggregateId).sort()).toEqual(['a', 'b', 'c'])
    expect(await listDeadLetters(db)).toEqual([])
  })

  it('replays a dead letter of lost leases with its lost leases reset', async () => {
    broken = false
    // As if its relay had died with it five times (the default limit) and it had been stopped.
    await db
      .updateTable('sys_events')
      .set({ lost_leases: 5, last_error: 'Error: lease lost 5 times' })
      .where('id', '=', events[0]?.id ?? '')
      .execute()
    expect(await replayDeadLetters(db, { ids: [events[0]?.id ?? ''] })).toBe(1)
    await drain(relay())
    expect(transport.delivered.map((event) => event.aggregateId)).toEqual(['a'])
  })

  it('discards dead letters for good', async () => {
    expect(await discardDeadLetters(db, { ids: [events[0]?.id ?? ''] })).toBe(1)
    expect(await discardDeadLetters(db, { ids: [] })).toBe(0)
    expect((await listDeadLetters(db)).map((row) => row.aggregate_id)).toEqual(['b', 'c'])
    expect(
      await db
        .selectFrom('sys_events')
        .select('id')
        .where('id', '=', events[0]?.id ?? '')
        .execute(),
    ).toEqual([])
  })
})
