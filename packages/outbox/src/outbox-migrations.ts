import type { MigrationModule } from '@rustok/core-db'
import { sql } from 'kysely'

/**
 * The outbox's tables: `sys_events` (the outbox itself) and `sys_inbox` (idempotent handlers).
 * Run them with the other packages' migrations through core-db's `createMigrator`.
 */
export const outboxMigrations: MigrationModule = {
  name: 'outbox',
  migrations: {
    '0001_sys_events': {
      async up(db) {
        await sql`
          create table sys_events (
            id uuid primary key,
            seq bigint generated always as identity,
            tenant_id uuid not null,
            type text not null,
            version integer not null check (version >= 1),
            aggregate_type text not null,
            aggregate_id text not null,
            actor_id text,
            correlation_id uuid not null,
            causation_id uuid,
            trace_id text,
            occurred_at timestamptz not null,
            payload jsonb not null,
            status text not null default 'pending' check (status in ('pending', 'dispatched', 'failed')),
            attempts integer not null default 0,
            next_attempt_at timestamptz not null default now(),
            last_error text,
            lease_owner text,
            lease_expires_at timestamptz,
            created_at timestamptz not null default now(),
            dispatched_at timestamptz
          )`.execute(db)
        // The relay's scan: pending rows in insertion order.
        await sql`create index sys_events_pending_seq on sys_events (seq) where status = 'pending'`.execute(
          db,
        )
        // "Is there an earlier pending event of this aggregate?" must be an index probe.
        await sql`
          create index sys_events_pending_aggregate
          on sys_events (tenant_id, aggregate_type, aggregate_id, seq) where status = 'pending'`.execute(
          db,
        )
        await sql`create index sys_events_failed on sys_events (tenant_id, type, created_at) where status = 'failed'`.execute(
          db,
        )
        await sql`create index sys_events_dispatched_at on sys_events (dispatched_at) where status = 'dispatched'`.execute(
          db,
        )
      },
    },
    '0002_sys_inbox': {
      async up(db) {
        await sql`
          create table sys_inbox (
            handler text not null,
            event_id uuid not null,
            handled_at timestamptz not null default now(),
            primary key (handler, event_id)
          )`.execute(db)
        await sql`create index sys_inbox_handled_at on sys_inbox (handled_at)`.execute(db)
      },
    },
    '0003_sys_events_lease_liveness': {
      async up(db) {
        // `lease_lock`: the advisory lock key the claiming relay holds while it is alive (ADR 0017);
        // `lost_leases`: claims that ended without a settlement (the relay died or stalled), counted
        // apart from `attempts` so that crashes do not use up a row's delivery attempts.
        await sql`
          alter table sys_events
            add column lease_lock integer,
            add column lost_leases integer not null default 0`.execute(db)
      },
    },
  },
}
