import { deleteInBatches, type AnyKysely } from '@rustok/core-db'
import { sql } from 'kysely'

/** Rows {@link pruneHttpTables} deleted, by table. */
export interface HttpPruned {
  readonly http_idempotency: number
  readonly rate_limit_hits: number
}

/**
 * Deletes what the HTTP layer's tables accumulate: `Idempotency-Key` records past their expiry
 * (replayed for 24 h, a lapsed claim after its lock time) and rate-limit windows that ended (one
 * row per client key and window: their number follows the callers, not the data). In batches that
 * skip rows other processes hold, so several workers may run it at once.
 *
 * @example
 * ```ts
 * await pruneHttpTables(db, { rateLimitWindowMs: 60_000 })
 * ```
 */
export async function pruneHttpTables(
  db: AnyKysely,
  options: { readonly now?: () => Date; readonly rateLimitWindowMs: number },
): Promise<HttpPruned> {
  const now = (options.now ?? (() => new Date()))().getTime()
  return {
    http_idempotency: await deleteInBatches(db, {
      table: 'http_idempotency',
      key: ['tenant_id', 'principal', 'idempotency_key'],
      where: sql<boolean>`expires_at <= ${new Date(now)}`,
    }),
    // A window that started a whole window ago has ended: its count limits nothing any more.
    rate_limit_hits: await deleteInBatches(db, {
      table: 'rate_limit_hits',
      key: ['key', 'window_start'],
      where: sql<boolean>`window_start < ${new Date(now - options.rateLimitWindowMs)}`,
    }),
  }
}
