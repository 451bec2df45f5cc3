import type { MigrationModule } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'
import { sql } from 'kysely'
import type { EventWriter } from '../event-writer'
import type { AnyKysely } from '../tenant-tables'

/** A stand-in for the outbox's table: events written in the caller's transaction. */
export const testEventsMigrations: MigrationModule = {
  name: 'test-events',
  migrations: {
    '0001_test_events': {
      async up(db) {
        await sql`
          create table test_events (
            seq serial primary key,
            id uuid not null,
            type text not null,
            tenant_id uuid not null,
            actor_id text,
            payload jsonb not null
          )`.execute(db)
      },
    },
  },
}

/** One row of `test_events`. */
export interface TestEventRow {
  type: string
  tenant_id: string
  actor_id: string | null
  payload: Record<string, unknown>
}

/** A writer that inserts into `test_events` through the given transaction, like the outbox. */
export function testEventWriter(): EventWriter {
  return {
    async publishInTx(trx, envelopes: readonly EventEnvelope[]) {
      for (const envelope of envelopes) {
        await sql`insert into test_events (id, type, tenant_id, actor_id, payload)
          values (${envelope.id}, ${envelope.type}, ${envelope.tenantId}, ${envelope.actorId},
                  ${JSON.stringify(envelope.payload)}::jsonb)`.execute(trx)
      }
    },
  }
}

/** Every event written so far, in order. */
export async function writtenEvents(db: AnyKysely): Promise<TestEventRow[]> {
  const result = await sql<TestEventRow>`
    select type, tenant_id, actor_id, payload from test_events order by seq`.execute(db)
  return result.rows
}
