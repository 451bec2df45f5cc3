import { openedDb } from './internal/db-registry'

/** The load of a database's connections, for metrics (requirement P2). */
export interface PoolStats {
  /** Open connections. */
  readonly total: number
  /** Open connections not running a query. */
  readonly idle: number
  /** Queries queued for a connection. */
  readonly waiting: number
}

/**
 * The current pool load of a database opened with `createDb`: `pg.Pool`'s counters on PostgreSQL;
 * on PGlite, its one connection (never idle, never queued from the outside). `undefined` for a
 * derived or foreign Kysely instance.
 *
 * @example
 * ```ts
 * const stats = poolStats(db) // { total: 3, idle: 2, waiting: 0 }
 * ```
 */
export function poolStats(db: object): PoolStats | undefined {
  const opened = openedDb(db)
  if (!opened) return undefined
  if (opened.driver === 'pglite') return { total: 1, idle: 0, waiting: 0 }
  const { totalCount, idleCount, waitingCount } = opened.pool
  return { total: totalCount, idle: idleCount, waiting: waitingCount }
}
