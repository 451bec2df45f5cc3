import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'
import { windowStart, type RateLimitStore } from './rate-limit-store'

/** The shared counters' table, for the server's migrations. */
export const rateLimitMigrations: MigrationModule = {
  name: 'server-rate-limit',
  migrations: {
    '0001_rate_limit_hits': {
      async up(db) {
        await sql`
          create table rate_limit_hits (
            key text not null,
            window_start timestamptz not null,
            count integer not null,
            primary key (key, window_start)
          )`.execute(db)
        await sql`create index rate_limit_hits_window on rate_limit_hits (window_start)`.execute(db)
      },
    },
  },
}

/**
 * Counters in PostgreSQL, shared by every instance on the same database: one upsert per hit.
 * Windows older than `retainMs` are deleted now and then by the instance that notices.
 *
 * @example
 * ```ts
 * const store = createPostgresRateLimitStore(db)
 * app.use('/api/*', rateLimit({ store, limit: 100, windowMs: 60_000, keys: [ipKey()] }))
 * ```
 */
export function createPostgresRateLimitStore<DB>(
  db: Kysely<DB>,
  {
    retainMs = 3_600_000,
    cleanupEveryMs = 60_000,
  }: { readonly retainMs?: number; readonly cleanupEveryMs?: number } = {},
): RateLimitStore {
  let lastCleanup = 0
  return {
    async hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      const result = await sql<{ count: number }>`
        insert into rate_limit_hits (key, window_start, count)
        values (${key}, ${new Date(start)}, 1)
        on conflict (key, window_start) do update set count = rate_limit_hits.count + 1
        returning count`.execute(db)
      if (now - lastCleanup > cleanupEveryMs) {
        lastCleanup = now
        await sql`delete from rate_limit_hits where window_start < ${new Date(now - retainMs)}`.execute(
          db,
        )
      }
      return { count: result.rows[0]?.count ?? 1, resetAt: start + windowMs }
    },
  }
}
