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
  waitFor,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { outboxMigrations } from './outbox-migrations'
import { createRelay } from './relay'

/**
 * Runs every relay until nothing is pending. One relay's empty claim does not mean done: while the
 * others hold every claimable head (SKIP LOCKED), a claim comes back empty.
 */
async function drainTogether(
  db: Kysely<TestDb>,
  relays: readonly { runOnce(): Promise<number> }[],
): Promise<void> {
  const pending = async (): Promise<number> =>
    (await db.selectFrom('sys_events').select('id').where('status', '=', 'pending').execute())
      .length
  for (let round = 0; round < 1_000 && (await pending()) > 0; round += 1) {
    await Promise.all(relays.map((relay) => relay.runOnce()))
  }
}

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

    await drainTogether(db, relays)

    const ids = transport.delivered.map((event) => event.id)
    expect(ids).toHaveLength(300)
    expect(new Set(ids).size).toBe(300)
    const statuses = await db.selectFrom('sys_events').select('status').distinct().execute()
    expect(statuses).toEqual([{ status: 'dispatched' }])
  })

  it('keeps per-aggregate order, one event of an aggregate in flight at a time', async () => {
    // Writers serialise on the aggregate's row, as a real command does, so insert order is commit
    // order here: this test is about the relay's side (one event of an aggregate in flight, a
    // failure holding the later ones back). That publishInTx's advisory lock alone keeps commit
    // order, for writers that lock nothing, is aggregate-order.int.test.ts.
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
    await drainTogether(db, relays)

    for (const id of ['x', 'y', 'z']) {
      const ns = transport.delivered
        .map((event) => event.payload as { thingId: string; n: number })
        .filter((payload) => payload.thingId === id)
        .map((payload) => payload.n)
      expect(ns).toEqual(Array.from({ length: 20 }, (_, n) => n + 1))
    }
    expect(failedOnce).toBe(true)
  })

  it('takes over the rows of a relay whose lease expired, counting a lost lease, not an attempt', async () => {
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
      .select(['status', 'attempts', 'lost_leases', 'lease_owner'])
      .executeTakeFirstOrThrow()
    // One delivery was made; the crashed relay's claim is a lost lease (ADR 0017).
    expect(row).toEqual({ status: 'dispatched', attempts: 1, lost_leases: 1, lease_owner: null })
  })

  it('drains a burst on one aggregate back to back, not one event per poll interval', async () => {
    const transport = recordingTransport()
    // A poll interval far longer than the test may take: only claiming again at once can drain
    // the burst (one event of the aggregate per claim) in time.
    const relay = createRelay({ db, catalog, transport, pollIntervalMs: 60_000 })
    relay.start()
    try {
      await publish(Array.from({ length: 10 }, (_, n) => happened('hot', n + 1)))
      relay.wake()
      await waitFor('the burst to be delivered', () => transport.delivered.length === 10, 5_000)
    } finally {
      await relay.stop()
    }
    expect(transport.delivered.map((event) => (event.payload as { n: number }).n)).toEqual(
      Array.from({ length: 10 }, (_, n) => n + 1),
    )
  })

  it('settles each row as its delivery ends, not when the whole batch is done', async () => {
    await publish(['a', 'b', 'c', 'd', 'slow'].map((id) => happened(id, 1)))
    let release = (): void => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const relay = createRelay({
      db,
      catalog,
      transport: {
        deliver: (envelope) => (envelope.aggregateId === 'slow' ? held : Promise.resolve()),
      },
    })
    const batch = relay.runOnce()
    const dispatched = async (): Promise<number> =>
      (await db.selectFrom('sys_events').select('id').where('status', '=', 'dispatched').execute())
        .length
    try {
      // The slow delivery is still running, and the other four are already settled: a relay
      // killed now would lose only the slow one.
      await waitFor('the fast deliveries to be settled', async () => (await dispatched()) === 4)
    } finally {
      release()
    }
    expect(await batch).toBe(5)
    expect(await dispatched()).toBe(5)
  })

  it('claims a row whose claims were lost more than once alone', async () => {
    await publish(['a', 'b', 'c'].map((id) => happened(id, 1)))
    // Two relays claim the three rows and die (a lease of 0 ms has run out at the next claim).
    expect(await claimBatch(db, { owner: 'dead-1', limit: 10, leaseMs: 0 })).toHaveLength(3)
    expect(await claimBatch(db, { owner: 'dead-2', limit: 10, leaseMs: 0 })).toHaveLength(3)

    // Each row was in flight at both deaths: any of them may be what kills its relay, so each
    // now goes out on its own, oldest first.
    const claimed = await claimBatch(db, { owner: 'survivor', limit: 10, leaseMs: 30_000 })
    expect(claimed.map((row) => [row.aggregate_id, row.lost_leases, row.attempts])).toEqual([
      ['a', 2, 1],
    ])
  })

  it('dead-letters a row whose lease was lost maxLostLeases times, without delivering it', async () => {
    await publish([happened('poison', 1), happened('poison', 2)])
    for (const n of [1, 2, 3]) {
      expect(await claimBatch(db, { owner: `killed-${n}`, limit: 10, leaseMs: 0 })).toHaveLength(1)
    }
    const transport = recordingTransport()
    const relay = createRelay({ db, catalog, transport, maxLostLeases: 3 })
    await drain(relay)

    // The poison row is stopped by its own limit; its aggregate goes on.
    expect(transport.delivered.map((event) => (event.payload as { n: number }).n)).toEqual([2])
    const rows = await db
      .selectFrom('sys_events')
      .select(['status', 'attempts', 'lost_leases', 'last_error'])
      .orderBy('seq')
      .execute()
    expect(rows).toEqual([
      { status: 'failed', attempts: 1, lost_leases: 3, last_error: 'Error: lease lost 3 times' },
      { status: 'dispatched', attempts: 1, lost_leases: 0, last_error: null },
    ])
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
