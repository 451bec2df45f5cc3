import type { MigrationModule } from '@rustok/core-db'
import { sql } from 'kysely'

/**
 * `audit_log`: one row per security-relevant event, keyed by the event id. No foreign key to the
 * tenant: the trail must outlive what it describes.
 */
export const auditMigrations: MigrationModule = {
  name: 'audit',
  migrations: {
    '0001_create_audit_log': {
      async up(db) {
        await sql`
          create table audit_log (
            id uuid primary key,
            tenant_id uuid not null,
            occurred_at timestamptz not null,
            type text not null,
            actor_id text,
            aggregate_type text not null,
            aggregate_id text not null,
            trace_id text,
            correlation_id uuid not null,
            summary jsonb not null,
            created_at timestamptz not null default now()
          )`.execute(db)
        // The list route's keyset, newest first; `id desc` lets an ascending page scan it backwards.
        await sql`create index audit_log_tenant_occurred on audit_log (tenant_id, occurred_at desc, id desc)`.execute(
          db,
        )
      },
    },
  },
}
