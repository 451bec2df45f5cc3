import { randomUUID } from 'node:crypto'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { outboxMigrations } from './outbox-migrations'
import { pruneOutbox } from './outbox-retention'
import type { OutboxTables } from './outbox-tables'

const tenant = '0190a000-0000-7000-8000-00000000000a'
const NOW = new Date('2026-06-01T12:00:00Z')
const DAY = 86_400_000
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs)

describe('pruneOutbox', () => {
  let handle: Handle<OutboxTables>
  beforeAll(async () => {
    handle = await createTestDb<OutboxTables>({ modules: [outboxMigrations] })
  })
  afterAll(() => handle.destroy())
  beforeEach(async () => {
    await sql`delete from sys_inbox`.execute(handle.db)
    await sql`delete from sys_events`.execute(handle.db)
  })

  const event = async (status: 'pending' | 'dispatched' | 'failed', dispatchedAt: Date | null) => {
    const id = randomUUID()
    await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload, status, dispatched_at)
      values (${id}, ${tenant}, 'thing.happened', 1, 'thing', 'a', ${id}, ${at(-10 * DAY)}, '{}',
        ${status}, ${dispatchedAt})`.execute(handle.db)
    return id
  }
  const receipt = async (eventId: string, handledAt: Date) => {
    await sql`insert into sys_inbox (handler, event_id, handled_at)
      values ('projection', ${eventId}, ${handledAt})`.execute(handle.db)
  }
  const left = async () => ({
    events: (await handle.db.selectFrom('sys_events').select('id').execute()).map((r) => r.id),
    receipts: (await handle.db.selectFrom('sys_inbox').select('event_id').execute()).map(
      (r) => r.event_id,
    ),
  })

  it('deletes delivered events past the retention and the receipts no redelivery can need', async () => {
    const old = await event('dispatched', at(-8 * DAY))
    const recent = await event('dispatched', at(-DAY))
    // A dead letter and a pending event stay, whatever their age: one can be replayed, the other
    // is still to be delivered, and their receipts must stop a second application.
    const deadLetter = await event('failed', null)
    const pending = await event('pending', null)
    await receipt(old, at(-8 * DAY))
    await receipt(recent, at(-DAY))
    await receipt(deadLetter, at(-9 * DAY))
    await receipt(pending, at(-9 * DAY))
    // The receipt of an event deleted long ago.
    const gone = randomUUID()
    await receipt(gone, at(-30 * DAY))

    const pruned = await pruneOutbox(handle.db, {
      now: () => NOW,
      retentionMs: 7 * DAY,
      batchSize: 1,
    })

    expect(pruned).toEqual({ sys_events: 1, sys_inbox: 2 })
    const { events, receipts } = await left()
    expect(events.sort()).toEqual([recent, deadLetter, pending].sort())
    expect(receipts.sort()).toEqual([recent, deadLetter, pending].sort())
  })
})
