import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { createEventCatalog, defineEvent, type EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import * as v from 'valibot'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PermanentDeliveryError } from './event-transport'
import { claimBatch } from './internal/claim-batch'
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

describe('relay', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const outbox = createOutbox({ catalog })
  const publish = (events: EventEnvelope[]): Promise<void> =>
    outbox.transaction(db, (trx) => outbox.publishInTx(trx, events))

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())
  beforeEach(async () => {
    await db.deleteFrom('sys_events').execute()
  })

  it('delivers each committed event exactly once even with two relays draining in parallel', async () => {
    const events = Array.from({ length: 300 }, (_, n) => happened(`thing-${n % 50}`, n))
    for (let start = 0; start < events.length; start += 50)
      await publish(events.slice(start, start + 50))
    const transport = recordingTransport()
    const relays = [1, 2].map((n) =>
      createRelay({ db, catalog, transport, owner: `relay-${n}`, batchSize: 25 }),
    )

    await Promise.all(relays.map(drain))

    const ids = transport.delivered.map((event) => event.id)
    expect(ids).toHaveLength(300)
    expect(new Set(ids).size).toBe(300)
    const statuses = await db.selectFrom('sys_events').select('status').distinct().execute()
    expect(statuses).toEqual([{ status: 'dispatched' }])
  })

  it('keeps per-aggregate order, one event of an aggregate in flight at a time', async () => {
    // Writers serialise on the aggregate's row, as a real command does, so insert order is commit order.
    await db.deleteFrom('thing').execute()
    await db
      .insertInto('thing')
      .values([
        { id: 'x', counter: 0 },
        { id: 'y', counter: 0 },
        { id: 'z', counter: 0 },
      ])
      .execute()
    await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        outbox.transaction(db, async (trx) => {
          const id = ['x', 'y', 'z'][n % 3] ?? 'x'
          const row = await trx
            .updateTable('thing')
            .set((eb) => ({ counter: eb('counter', '+', 1) }))
            .where('id', '=', id)
            .returning('counter')
            .executeTakeFirstOrThrow()
          await outbox.publishInTx(trx, [happened(id, row.counter)])
        }),
      ),
    )
    let failedOnce = false
    const transport = recordingTransport((event) => {
      const payload = event.payload as { thingId: string; n: number }
      // The 5th event of x fails once: x's later events must wait for its retry.
      if (payload.thingId === 'x' && payload.n === 5 && !failedOnce) {
        failedOnce = true
        throw new Error('transient')
      }
    })
    const relays = [1, 2].map((n) =>
      createRelay({ db, catalog, transport, owner: `order-${n}`, backoff: () => 0 }),
    )
    await Promise.all(relays.map(drain))

    for (const id of ['x', 'y', 'z']) {
      const ns = transport.delivered
        .map((event) => event.payload as { thingId: string; n: number })
        .filter((payload) => payload.thingId === id)
        .map((payload) => payload.n)
      expect(ns).toEqual(Array.from({ length: 20 }, (_, n) => n + 1))
    }
    expect(failedOnce).toBe(true)
  })

  it('takes over the rows of a relay whose lease expired', async () => {
    await publish([happened('lease', 1)])
    // A relay claims the row and dies without settling it.
    const crashed = await claimBatch(db, { owner: 'crashed', limit: 10, leaseMs: 300 })
    expect(crashed).toHaveLength(1)
    const transport = recordingTransport()
    const survivor = createRelay({ db, catalog, transport, owner: 'survivor' })

    expect(await survivor.runOnce()).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await survivor.runOnce()).toBe(1)

    expect(transport.delivered).toHaveLength(1)
    const row = await db
      .selectFrom('sys_events')
      .select(['status', 'attempts', 'lease_owner'])
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'dispatched', attempts: 2, lease_owner: null })
  })

  it('does not claim rows leased by another live relay', async () => {
    await publish([happened('stale', 1)])
    const transport = recordingTransport()
    const slow = createRelay({ db, catalog, transport, owner: 'slow' })
    await claimBatch(db, { owner: 'someone-else', limit: 10, leaseMs: 60_000 })
    expect(await slow.runOnce()).toBe(0)
    expect(
      (await db.selectFrom('sys_events').select('lease_owner').executeTakeFirstOrThrow())
        .lease_owner,
    ).toBe('someone-else')
  })

  it('retries with backoff, then dead-letters after the last attempt', async () => {
    await publish([happened('flaky', 1)])
    const delays: number[] = []
    const transport = recordingTransport(() => {
      throw new Error('downstream unavailable')
    })
    const relay = createRelay({
      db,
      catalog,
      transport,
      maxAttempts: 3,
      backoff: (attempt) => {
        delays.push(attempt)
        return 0
      },
    })
    await drain(relay)

    expect(delays).toEqual([1, 2, 3])
    const row = await db
      .selectFrom('sys_events')
      .select(['status', 'attempts', 'last_error'])
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      status: 'failed',
      attempts: 3,
      last_error: 'Error: downstream unavailable',
    })
  })

  it('waits out the backoff before the next attempt', async () => {
    await publish([happened('later', 1)])
    const transport = recordingTransport(() => {
      throw new Error('not yet')
    })
    const relay = createRelay({ db, catalog, transport, backoff: () => 60_000 })
    expect(await relay.runOnce()).toBe(1)
    expect(await relay.runOnce()).toBe(0)
    const row = await db
      .selectFrom('sys_events')
      .select(sql<boolean>`next_attempt_at > now() + interval '50 seconds'`.as('deferred'))
      .executeTakeFirstOrThrow()
    expect(row.deferred).toBe(true)
  })

  it('dead-letters a permanent failure at once', async () => {
    await publish([happened('poison', 1)])
    const relay = createRelay({
      db,
      catalog,
      transport: recordingTransport(() => {
        throw new PermanentDeliveryError('malformed')
      }),
    })
    await drain(relay)
    const row = await db
      .selectFrom('sys_events')
      .select(['status', 'attempts'])
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'failed', attempts: 1 })
  })

  it('delivers an event stored at an older version upcast to the current one', async () => {
    const v2 = defineEvent({
      type: 'thing.happened',
      version: 2,
      description: 'Test event, v2: n became count.',
      aggregateType: 'thing',
      schema: v.object({ thingId: v.string(), count: v.number() }),
      aggregateId: (payload) => payload.thingId,
      upcasters: {
        1: (old) => ({
          thingId: (old as { thingId: string }).thingId,
          count: (old as { n: number }).n,
        }),
      },
    })
    await publish([happened('old', 7)]) // written by the v1 code
    const transport = recordingTransport()
    await drain(createRelay({ db, catalog: createEventCatalog([v2]), transport }))

    expect(transport.delivered[0]).toMatchObject({
      version: 2,
      payload: { thingId: 'old', count: 7 },
    })
  })

  it('deletes dispatched rows after the retention period', async () => {
    await publish([happened('old-news', 1), happened('fresh', 1)])
    const relay = createRelay({ db, catalog, transport: recordingTransport(), retentionMs: 60_000 })
    await drain(relay)
    await db
      .updateTable('sys_events')
      .set({ dispatched_at: sql<Date>`now() - interval '2 minutes'` })
      .where('aggregate_id', '=', 'old-news')
      .execute()

    expect(await relay.cleanUp()).toBe(1)
    const left = await db.selectFrom('sys_events').select('aggregate_id').execute()
    expect(left).toEqual([{ aggregate_id: 'fresh' }])
  })
})
