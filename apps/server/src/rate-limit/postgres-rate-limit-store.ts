import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'
import { createLeasedCounts, type LeaseRequest, type LeaseSizeOptions } from './leased-counts'
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
 * One statement that takes the leases of `requests` in order: each key's upsert adds its lease's
 * size and runs only if the lease before it held a slot within its limit (a chain of
 * data-modifying CTEs), so a pass costs one round trip and still counts nothing after a refusal.
 * The keys of one pass differ (each has its policy's prefix).
 */
function leaseChain(requests: readonly LeaseRequest[], start: Date) {
  const steps = requests.map(({ key, size }, n) => {
    const previous = requests[n - 1]
    const source =
      previous === undefined
        ? sql`values (${key}, ${start}::timestamptz, ${size}::int)`
        : sql`select ${key}, ${start}::timestamptz, ${size}::int from ${sql.ref(`h${n - 1}`)}
            where count - ${previous.size}::int < ${previous.limit}::bigint`
    return sql`${sql.ref(`h${n}`)} as (
      insert into rate_limit_hits (key, window_start, count) ${source}
      on conflict (key, window_start) do update set count = rate_limit_hits.count + excluded.count
      returning count)`
  })
  const results = requests.map((_, n) => sql`select ${n}::int as n, count from ${sql.ref(`h${n}`)}`)
  return sql`with ${sql.join(steps, sql`, `)} ${sql.join(results, sql` union all `)}`
}

/** Options of {@link createPostgresRateLimitStore}. */
export interface PostgresRateLimitStoreOptions extends LeaseSizeOptions {
  /** How long ended windows' rows are kept. Default one hour. */
  readonly retainMs?: number
  /** How often an instance deletes the rows past `retainMs`. Default every minute. */
  readonly cleanupEveryMs?: number
}

/**
 * Counters in PostgreSQL, shared by every instance on the same database. `hitMany` (the
 * middleware's one pass) counts against leases: an instance takes several slots of a key's window
 * in one statement (a tenth of the limit, at most `maxLease`) and counts hits locally until they
 * are used up, so most requests cost no statement; the count shared in the table never lets the
 * instances together pass the limit (`createLeasedCounts`). Limits under 20 lease one slot at a
 * time and stay exact. `hit` is one upsert per hit.
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
  { retainMs = 3_600_000, cleanupEveryMs = 60_000, ...sizing }: PostgresRateLimitStoreOptions = {},
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
    hitMany: createLeasedCounts({
      ...sizing,
      async take(requests, { start, now }) {
        const rows = await sql<{
          n: number
          count: number
        }>`${leaseChain(requests, new Date(start))}`.execute(db)
        await cleanUp(now)
        // The chain stops at the first key whose lease held no slot: the keys after it have no row.
        const counts = new Map(rows.rows.map((row) => [Number(row.n), row.count]))
        const taken: number[] = []
        for (let n = 0; n < requests.length; n++) {
          const count = counts.get(n)
          if (count === undefined) break
          taken.push(count)
        }
        return taken
      },
    }),
  }
}
