import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'
import {
  windowStart,
  type RateLimitHit,
  type RateLimitKeyHit,
  type RateLimitStore,
} from './rate-limit-store'

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
 * One statement that counts `keys` in order: each key's upsert runs only if the key before it is
 * within its limit (a chain of data-modifying CTEs), so a pass costs one round trip and still
 * counts nothing after a refusal. The keys of one pass differ (each has its policy's prefix).
 */
function hitChain(keys: readonly RateLimitKeyHit[], start: Date) {
  const steps = keys.map(({ key }, n) => {
    const previous = keys[n - 1]
    const source =
      previous === undefined
        ? sql`values (${key}, ${start}::timestamptz, 1)`
        : sql`select ${key}, ${start}::timestamptz, 1 from ${sql.ref(`h${n - 1}`)} where count <= ${previous.limit}::bigint`
    return sql`${sql.ref(`h${n}`)} as (
      insert into rate_limit_hits (key, window_start, count) ${source}
      on conflict (key, window_start) do update set count = rate_limit_hits.count + 1
      returning count)`
  })
  const results = keys.map((_, n) => sql`select ${n}::int as n, count from ${sql.ref(`h${n}`)}`)
  return sql`with ${sql.join(steps, sql`, `)} ${sql.join(results, sql` union all `)}`
}

/**
 * Counters in PostgreSQL, shared by every instance on the same database: one upsert per hit, and
 * one statement for the keys of a whole pass (`hitMany`).
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
  async function cleanUp(now: number): Promise<void> {
    if (now - lastCleanup <= cleanupEveryMs) return
    lastCleanup = now
    await sql`delete from rate_limit_hits where window_start < ${new Date(now - retainMs)}`.execute(
      db,
    )
  }
  return {
    async hit(key, windowMs, now) {
      const start = windowStart(now, windowMs)
      const result = await sql<{ count: number }>`
        insert into rate_limit_hits (key, window_start, count)
        values (${key}, ${new Date(start)}, 1)
        on conflict (key, window_start) do update set count = rate_limit_hits.count + 1
        returning count`.execute(db)
      await cleanUp(now)
      return { count: result.rows[0]?.count ?? 1, resetAt: start + windowMs }
    },
    async hitMany(keys, windowMs, now) {
      const start = windowStart(now, windowMs)
      const resetAt = start + windowMs
      if (keys.length === 0) return []
      const rows = await sql<{
        n: number
        count: number
      }>`${hitChain(keys, new Date(start))}`.execute(db)
      await cleanUp(now)
      // The chain stops at the first key over its limit: the keys after it have no row.
      const counts = new Map(rows.rows.map((row) => [Number(row.n), row.count]))
      const hits: RateLimitHit[] = []
      for (let n = 0; n < keys.length; n++) {
        const count = counts.get(n)
        if (count === undefined) break
        hits.push({ count, resetAt })
      }
      return hits
    },
  }
}
