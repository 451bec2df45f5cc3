import { sql, type Kysely } from 'kysely'

/** A snapshot of the outbox, for `/metrics` and operators. */
export interface OutboxStats {
  readonly pending: number
  readonly failed: number
  readonly dispatched: number
  /** Age of the oldest pending event in ms (the relay lag); 0 when nothing is pending. */
  readonly oldestPendingAgeMs: number
}

/** Counts the outbox's rows by status and measures the relay lag. */
export async function outboxStats<DB>(db: Kysely<DB>): Promise<OutboxStats> {
  const result = await sql<{
    pending: string
    failed: string
    dispatched: string
    lag_ms: string | null
  }>`
    select
      count(*) filter (where status = 'pending') as pending,
      count(*) filter (where status = 'failed') as failed,
      count(*) filter (where status = 'dispatched') as dispatched,
      (extract(epoch from now() - min(created_at) filter (where status = 'pending')) * 1000)::bigint as lag_ms
    from sys_events`.execute(db)
  const row = result.rows[0]
  return {
    pending: Number(row?.pending ?? 0),
    failed: Number(row?.failed ?? 0),
    dispatched: Number(row?.dispatched ?? 0),
    oldestPendingAgeMs: Math.max(0, Number(row?.lag_ms ?? 0)),
  }
}

/**
 * Age in ms of the oldest pending event (the relay lag), 0 when nothing is pending. One probe of
 * the pending index, whatever the table's size: cheap enough for a readiness check that runs on
 * every probe, unlike {@link outboxStats}, which counts every row.
 */
export async function outboxLag<DB>(db: Kysely<DB>): Promise<number> {
  const result = await sql<{ lag_ms: string }>`
    select (extract(epoch from now() - created_at) * 1000)::bigint as lag_ms
    from sys_events
    where status = 'pending'
    order by seq
    limit 1`.execute(db)
  return Math.max(0, Number(result.rows[0]?.lag_ms ?? 0))
}
