import { listen } from '@rustok/core-db'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  catalog,
  drain,
  happened,
  recordingTransport,
  tenantId,
  thingModule,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createOutbox, outboxChannel } from './outbox'
import { outboxMigrations } from './outbox-migrations'
import { createRelay } from './relay'

describe('publishInTx', () => {
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
    await db.deleteFrom('thing').execute()
  })

  it('leaves no event when the transaction rolls back', async () => {
    await expect(
      outbox.transaction(db, async (trx) => {
        await trx.insertInto('thing').values({ id: 'a', counter: 1 }).execute()
        await outbox.publishInTx(trx, [happened('a', 1)])
        throw new Error('business rule failed')
      }),
    ).rejects.toThrow('business rule failed')
    expect(await db.selectFrom('sys_events').selectAll().execute()).toEqual([])
    expect(await db.selectFrom('thing').selectAll().execute()).toEqual([])
  })

  it('writes the event with its envelope when the transaction commits', async () => {
    const event = happened('a', 1)
    await outbox.transaction(db, async (trx) => {
      await trx.insertInto('thing').values({ id: 'a', counter: 1 }).execute()
      await outbox.publishInTx(trx, [event])
    })
    const row = await db.selectFrom('sys_events').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      id: event.id,
      tenant_id: tenantId,
      type: 'thing.happened',
      version: 1,
      aggregate_type: 'thing',
      aggregate_id: 'a',
      correlation_id: event.correlationId,
      status: 'pending',
      attempts: 0,
      payload: { thingId: 'a', n: 1 },
    })
  })

  it('rejects an invalid event naming the field, and rolls the business write back', async () => {
    const bad = { ...happened('a', 1), payload: { thingId: 'a', n: 'one' } }
    await expect(
      outbox.transaction(db, async (trx) => {
        await trx.insertInto('thing').values({ id: 'a', counter: 1 }).execute()
        await outbox.publishInTx(trx, [bad])
      }),
    ).rejects.toMatchObject({
      name: 'CoreEventsError',
      code: 'INVALID_EVENT',
      message: expect.stringContaining('n') as unknown,
    })
    expect(await db.selectFrom('thing').selectAll().execute()).toEqual([])
  })

  it('rejects an unknown event type and an outdated version', async () => {
    const unknown = { ...happened('a', 1), type: 'thing.vanished' }
    await expect(
      db.transaction().execute((trx) => outbox.publishInTx(trx, [unknown])),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_EVENT_TYPE',
    })
    const outdated = { ...happened('a', 1), version: 2 }
    await expect(
      db.transaction().execute((trx) => outbox.publishInTx(trx, [outdated])),
    ).rejects.toMatchObject({
      name: 'OutboxError',
      code: 'INTERNAL',
    })
    expect(await db.selectFrom('sys_events').selectAll().execute()).toEqual([])
  })

  it('wakes same-process relays after commit, never before', async () => {
    const seen: number[] = []
    const unsubscribe = outbox.onCommitted(() => seen.push(Date.now()))
    await outbox.transaction(db, async (trx) => {
      await outbox.publishInTx(trx, [happened('a', 1)])
      expect(seen).toHaveLength(0)
    })
    expect(seen).toHaveLength(1)
    await expect(outbox.transaction(db, () => Promise.reject(new Error('no')))).rejects.toThrow()
    expect(seen).toHaveLength(1)
    unsubscribe()
  })

  it('sends no NOTIFY inside a transaction, and coalesces the wake-ups of commits that end together', async () => {
    const notifying = createOutbox({ catalog, notify: true })
    const received: string[] = []
    const unlisten = await listen(db, outboxChannel, {
      onNotify: (payload) => received.push(payload),
    })
    // NOTIFYs arrive in commit order: once a marker sent after them has arrived, so have they.
    const mark = async (marker: string): Promise<void> => {
      await sql`select pg_notify(${outboxChannel}, ${marker})`.execute(db)
      await expect.poll(() => received.includes(marker), { timeout: 5_000 }).toBe(true)
    }
    try {
      // Five commits of events, without the outbox's own wake-up: writing events notifies nobody.
      for (let n = 0; n < 5; n++) {
        await db.transaction().execute((trx) => notifying.publishInTx(trx, [happened('burst', n)]))
      }
      await mark('written')
      expect(received).toEqual(['written'])

      // Their five wake-ups at once, as when transactions end together: the first sends a NOTIFY
      // and the other four, arriving while it is in flight, share one follow-up.
      for (let n = 0; n < 5; n++) notifying.committed(db)
      await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3)
      await mark('settled')
      expect(received).toEqual(['written', '', '', 'settled'])
    } finally {
      await unlisten()
    }
  })

  it('lets a started relay deliver a committed event promptly when woken', async () => {
    const transport = recordingTransport()
    const relay = createRelay({ db, catalog, transport, pollIntervalMs: 60_000 })
    const unsubscribe = outbox.onCommitted(() => relay.wake())
    relay.start()
    try {
      await outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('prompt', 1)]))
      await expect.poll(() => transport.delivered.length, { timeout: 5_000, interval: 10 }).toBe(1)
      expect(transport.delivered[0]?.payload).toEqual({ thingId: 'prompt', n: 1 })
    } finally {
      unsubscribe()
      await relay.stop()
    }
    await drain(relay)
    const row = await db
      .selectFrom('sys_events')
      .select(['status', 'dispatched_at'])
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('dispatched')
    expect(row.dispatched_at).toBeInstanceOf(Date)
  })
})
