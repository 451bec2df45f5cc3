import type { MigrationModule } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'
import { fixedClock, type FixedClock } from '@rustok/test-utils'
import type { Generated, Kysely } from 'kysely'
import type { AuthTables } from '../auth-tables'
import type { EventWriter } from '../event-writer'
import { createPasswordHasher, type PasswordHasher } from '../password-hasher'

export const tenantA = '0190a000-0000-7000-8000-00000000000a'
export const tenantB = '0190a000-0000-7000-8000-00000000000b'
export const password = 'correct horse battery'

/** Where the test writer puts events: the same database, the same transaction. */
export interface TestEventsTable {
  seq: Generated<number>
  id: string
  tenant_id: string
  type: string
  aggregate_id: string
  payload: unknown
}

export interface TestDb extends AuthTables {
  test_events: TestEventsTable
}

export const testEventsModule: MigrationModule = {
  name: 'test-events',
  migrations: {
    '0001_test_events': {
      up: (db) =>
        db.schema
          .createTable('test_events')
          .addColumn('seq', 'serial', (c) => c.primaryKey())
          .addColumn('id', 'uuid', (c) => c.notNull().unique())
          .addColumn('tenant_id', 'uuid', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('aggregate_id', 'text', (c) => c.notNull())
          .addColumn('payload', 'jsonb', (c) => c.notNull())
          .execute(),
    },
  },
}

/** An {@link EventWriter} that inserts the envelopes into `test_events` inside the caller's trx. */
export const testEventWriter: EventWriter = {
  async publishInTx(trx, envelopes: readonly EventEnvelope[]) {
    for (const envelope of envelopes) {
      await (trx as Kysely<TestDb>)
        .insertInto('test_events')
        .values({
          id: envelope.id,
          tenant_id: envelope.tenantId,
          type: envelope.type,
          aggregate_id: envelope.aggregateId,
          payload: JSON.stringify(envelope.payload),
        })
        .execute()
    }
  },
}

/** A writer that fails after the business statements ran: the transaction must roll back. */
export const failingEventWriter: EventWriter = {
  publishInTx: () => Promise.reject(new Error('outbox down')),
}

/** Cheap argon2id costs: the tests exercise the flows, not the hash strength. */
export const testHasher: PasswordHasher = createPasswordHasher({
  hashOptions: { memoryCost: 1024, timeCost: 1 },
})

/** Event types written so far, in order. */
export async function eventTypes(db: Kysely<TestDb>): Promise<string[]> {
  const rows = await db.selectFrom('test_events').select('type').orderBy('seq').execute()
  return rows.map((row) => row.type)
}

/** Every auth table and the events, emptied between tests. */
export async function truncateAll(db: Kysely<TestDb>): Promise<void> {
  for (const table of [
    'test_events',
    'sessions',
    'auth_tokens',
    'login_throttle',
    'custom_roles',
    'users',
  ] as const) {
    await db.deleteFrom(table).execute()
  }
}

export function testClock(): FixedClock {
  return fixedClock(new Date('2026-03-01T12:00:00.000Z'))
}
