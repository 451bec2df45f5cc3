import type { MigrationModule } from '@rustok/core-db'
import { sql } from 'kysely'

/**
 * The tables of `@rustok/core-auth`: `users`, `sessions`, `auth_tokens`, `login_throttle`,
 * `custom_roles` and `platform_operators`. `tenant_id` is a plain uuid column (no foreign key), so the package works with or
 * without `@rustok/core-tenant`. Run them with the other packages' migrations through core-db's
 * `createMigrator`.
 */
export const authMigrations: MigrationModule = {
  name: 'core-auth',
  migrations: {
    '0001_users_sessions': {
      async up(db) {
        await sql`
          create table users (
            id uuid primary key,
            tenant_id uuid not null,
            email text not null check (email = lower(email) and length(email) between 3 and 255),
            name text,
            password_hash text not null,
            role text not null default 'customer',
            status text not null default 'active' check (status in ('active', 'inactive', 'banned')),
            email_verified_at timestamptz,
            created_at timestamptz not null default now(),
            updated_at timestamptz not null default now(),
            last_login_at timestamptz,
            unique (tenant_id, email),
            -- target of the composite keys below: a session can never point at another tenant's user
            unique (tenant_id, id)
          )`.execute(db)
        await sql`
          create table sessions (
            id uuid primary key,
            tenant_id uuid not null,
            user_id uuid not null,
            family_id uuid not null,
            refresh_token_hash text not null unique,
            expires_at timestamptz not null,
            revoked_at timestamptz,
            revoked_reason text,
            ip text,
            user_agent text,
            created_at timestamptz not null default now(),
            last_used_at timestamptz,
            foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
          )`.execute(db)
        await sql`create index sessions_user_active on sessions (tenant_id, user_id) where revoked_at is null`.execute(
          db,
        )
        await sql`create index sessions_family on sessions (family_id)`.execute(db)
      },
    },
    '0002_auth_tokens': {
      async up(db) {
        await sql`
          create table auth_tokens (
            id uuid primary key,
            tenant_id uuid not null,
            purpose text not null check (purpose in ('password_reset', 'email_verification', 'invite')),
            token_hash text not null unique,
            email text not null check (email = lower(email)),
            user_id uuid,
            role text,
            expires_at timestamptz not null,
            used_at timestamptz,
            created_at timestamptz not null default now(),
            foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
          )`.execute(db)
        await sql`create index auth_tokens_open on auth_tokens (tenant_id, purpose, email) where used_at is null`.execute(
          db,
        )
      },
    },
    '0003_login_throttle': {
      async up(db) {
        await sql`
          create table login_throttle (
            key text primary key,
            window_start timestamptz not null,
            count integer not null check (count >= 0)
          )`.execute(db)
        await sql`create index login_throttle_window on login_throttle (window_start)`.execute(db)
      },
    },
    '0004_custom_roles': {
      async up(db) {
        await sql`
          create table custom_roles (
            tenant_id uuid not null,
            name text not null check (name ~ '^[a-z][a-z0-9_]{0,63}$'),
            inherits text,
            grants jsonb not null default '[]',
            created_at timestamptz not null default now(),
            updated_at timestamptz not null default now(),
            primary key (tenant_id, name)
          )`.execute(db)
      },
    },
    // The admin user list pages newest first by (created_at, id) within a tenant.
    '0005_users_created_index': {
      async up(db) {
        await sql`create index users_tenant_created on users (tenant_id, created_at, id)`.execute(
          db,
        )
      },
    },
    // Platform operators (ADR 0020): apart from every tenant's roles; a user's grant goes with it.
    '0006_platform_operators': {
      async up(db) {
        await sql`
          create table platform_operators (
            user_id uuid primary key references users (id) on delete cascade,
            granted_at timestamptz not null default now()
          )`.execute(db)
      },
    },
    // The maintenance job deletes expired sessions and tokens by expiry (pruneAuthData).
    '0007_expiry_indexes': {
      async up(db) {
        await sql`create index sessions_expires on sessions (expires_at)`.execute(db)
        await sql`create index auth_tokens_expires on auth_tokens (expires_at)`.execute(db)
      },
    },
  },
}
