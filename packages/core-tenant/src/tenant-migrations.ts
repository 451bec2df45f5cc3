import type { MigrationModule } from '@rustok/core-db'
import { sql } from 'kysely'

/**
 * The tables of `@rustok/core-tenant`: `tenants`, `tenant_locales` and `tenant_modules`.
 * Run them with the other packages' migrations through core-db's `createMigrator`.
 *
 * @example
 * ```ts
 * await createMigrator({ db, modules: [tenantMigrations, outboxMigrations] }).up()
 * ```
 */
export const tenantMigrations: MigrationModule = {
  name: 'core-tenant',
  migrations: {
    '0001_tenants': {
      async up(db) {
        await sql`
          create table tenants (
            id uuid primary key,
            slug text not null constraint tenants_slug_key unique,
            name text not null,
            domain text constraint tenants_domain_key unique,
            default_locale text not null default 'en',
            active boolean not null default true,
            settings jsonb not null default '{}'::jsonb,
            created_at timestamptz not null default now(),
            updated_at timestamptz not null default now()
          )`.execute(db)
        await sql`
          create table tenant_locales (
            tenant_id uuid not null references tenants (id) on delete cascade,
            locale text not null,
            fallback text,
            enabled boolean not null default true,
            position integer not null default 0,
            primary key (tenant_id, locale)
          )`.execute(db)
        await sql`
          create table tenant_modules (
            tenant_id uuid not null references tenants (id) on delete cascade,
            module text not null,
            enabled boolean not null default false,
            settings jsonb not null default '{}'::jsonb,
            updated_at timestamptz not null default now(),
            primary key (tenant_id, module)
          )`.execute(db)
      },
    },
  },
}
