import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

const statements = [
  `create table webhook_endpoints (
    id uuid primary key,
    tenant_id uuid not null,
    url text not null check (length(url) between 8 and 2048),
    description text check (length(description) <= 500),
    event_types text[] not null check (cardinality(event_types) between 1 and 100),
    enabled boolean not null default true,
    headers jsonb not null default '{}'::jsonb
      check (jsonb_typeof(headers) = 'object' and octet_length(headers::text) <= 8192),
    secret text not null,
    previous_secret text,
    previous_secret_expires_at timestamptz,
    disabled_reason text check (length(disabled_reason) <= 500),
    failing_since timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id)
  )`,
  `create index webhook_endpoints_tenant on webhook_endpoints (tenant_id, id desc)`,
  `create table webhook_deliveries (
    id uuid primary key,
    tenant_id uuid not null,
    endpoint_id uuid not null,
    event_id uuid not null,
    event_type text not null,
    body text not null,
    status text not null default 'pending' check (status in ('pending', 'succeeded', 'dead')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null,
    lease_owner text,
    lease_expires_at timestamptz,
    last_status integer,
    last_error text,
    created_at timestamptz not null,
    delivered_at timestamptz,
    unique (tenant_id, id),
    unique (endpoint_id, event_id),
    foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade
  )`,
  `create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`,
  `create index webhook_deliveries_endpoint on webhook_deliveries (tenant_id, endpoint_id, id desc)`,
  `create index webhook_deliveries_settled on webhook_deliveries (created_at) where status <> 'pending'`,
  `create table webhook_attempts (
    id uuid primary key,
    tenant_id uuid not null,
    delivery_id uuid not null,
    attempt integer not null check (attempt >= 1),
    attempted_at timestamptz not null,
    status_code integer,
    error text check (length(error) <= 1000),
    latency_ms integer not null check (latency_ms >= 0),
    response_excerpt text check (length(response_excerpt) <= 1024),
    foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
  )`,
  `create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempt)`,
]

async function tables(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

/**
 * The tables of `@rustok/webhooks`: endpoints (with their secrets), deliveries (one per endpoint
 * and event, leased by the delivery worker) and their attempts. Deliveries and attempts reference
 * their endpoint and delivery by composite keys on `(tenant_id, …)`.
 */
export const webhookMigrations: MigrationModule = {
  name: 'webhooks',
  migrations: { '0001_webhooks': { up: tables } },
}
