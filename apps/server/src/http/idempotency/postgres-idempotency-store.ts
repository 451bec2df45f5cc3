import { randomUUID } from 'node:crypto'
import type { AnyKysely, MigrationModule } from '@rustok/core-db'
import { sql } from 'kysely'
import type { IdempotencyBegin, IdempotencyScope, IdempotencyStore } from './idempotency-store'

/** The table of `Idempotency-Key` records, for the server's migrations. */
export const idempotencyMigrations: MigrationModule = {
  name: 'http-idempotency',
  migrations: {
    '0001_create_http_idempotency': {
      async up(db) {
        // No foreign key to tenants: routes without a tenant store '' and rows live a day at most.
        await sql`
          create table http_idempotency (
            tenant_id text not null,
            principal text not null,
            idempotency_key text not null,
            fingerprint text not null,
            state text not null check (state in ('in_progress', 'completed')),
            lock_token text not null,
            status integer,
            headers jsonb,
            body bytea,
            created_at timestamptz not null,
            expires_at timestamptz not null,
            primary key (tenant_id, principal, idempotency_key)
          )`.execute(db)
        await sql`create index http_idempotency_expires on http_idempotency (expires_at)`.execute(
          db,
        )
      },
    },
  },
}

interface Row {
  fingerprint: string
  state: 'in_progress' | 'completed'
  status: number | null
  headers: Record<string, string> | null
  body: Uint8Array | null
}

const where = (scope: IdempotencyScope) =>
  sql`tenant_id = ${scope.tenantId} and principal = ${scope.principal}
    and idempotency_key = ${scope.key}`

// A record can vanish between the failed insert and the read (released, or expired): try again.
const ATTEMPTS = 3

/**
 * Records in PostgreSQL (or PGlite), shared by every instance on the database. A key is claimed
 * with one upsert that takes over only an expired record, so concurrent requests with one key
 * see exactly one `started`. Expired records are ignored at once; the http module's maintenance
 * job (worker role) deletes them in batches, off the request path.
 *
 * @example
 * ```ts
 * const store = createPostgresIdempotencyStore(services.db)
 * const middleware = idempotency({ store, ttlMs: 86_400_000 })
 * ```
 */
export function createPostgresIdempotencyStore(db: AnyKysely): IdempotencyStore {
  const claim = async (
    scope: IdempotencyScope,
    fingerprint: string,
    at: { now: number; lockMs: number },
  ): Promise<string | undefined> => {
    const token = randomUUID()
    const result = await sql<{ lock_token: string }>`
      insert into http_idempotency as record (tenant_id, principal, idempotency_key, fingerprint,
        state, lock_token, created_at, expires_at)
      values (${scope.tenantId}, ${scope.principal}, ${scope.key}, ${fingerprint}, 'in_progress',
        ${token}, ${new Date(at.now)}, ${new Date(at.now + at.lockMs)})
      on conflict (tenant_id, principal, idempotency_key) do update set
        fingerprint = excluded.fingerprint, state = 'in_progress', lock_token = excluded.lock_token,
        status = null, headers = null, body = null, created_at = excluded.created_at,
        expires_at = excluded.expires_at
      where record.expires_at <= excluded.created_at
      returning lock_token`.execute(db)
    return result.rows[0]?.lock_token
  }
  return {
    async begin({ scope, fingerprint, now, lockMs }): Promise<IdempotencyBegin> {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const token = await claim(scope, fingerprint, { now, lockMs })
        if (token !== undefined) return { outcome: 'started', token }
        const { rows } = await sql<Row>`
          select fingerprint, state, status, headers, body from http_idempotency
          where ${where(scope)} and expires_at > ${new Date(now)}`.execute(db)
        const row = rows[0]
        if (!row) continue
        if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' }
        if (row.state === 'in_progress' || row.status === null) return { outcome: 'in-progress' }
        return {
          outcome: 'replay',
          response: {
            status: row.status,
            headers: row.headers ?? {},
            body: row.body ?? new Uint8Array(),
          },
        }
      }
      return { outcome: 'in-progress' }
    },
    async complete({ scope, token, response, now, ttlMs }) {
      await sql`
        update http_idempotency set state = 'completed', status = ${response.status},
          headers = ${JSON.stringify(response.headers)}::jsonb,
          body = ${Buffer.from(response.body)}, expires_at = ${new Date(now + ttlMs)}
        where ${where(scope)} and lock_token = ${token} and state = 'in_progress'`.execute(db)
    },
    async release({ scope, token }) {
      await sql`
        delete from http_idempotency
        where ${where(scope)} and lock_token = ${token} and state = 'in_progress'`.execute(db)
    },
  }
}
