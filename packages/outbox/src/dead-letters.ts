import { sql, type Kysely, type Selectable } from 'kysely'
import type { OutboxTables, SysEventsTable } from './outbox-tables'

/** Which dead letters to act on; every field narrows the set. */
export interface DeadLetterFilter {
  readonly tenantId?: string
  readonly type?: string
  /** Failed rows created at or after this time. */
  readonly from?: Date
  /** Failed rows created before this time. */
  readonly to?: Date
  /** Exactly these event ids. */
  readonly ids?: readonly string[]
}

/** A dead letter: the failed row, with its error and attempts. */
export type DeadLetter = Selectable<SysEventsTable>

function failedRows<DB>(db: Kysely<DB>, filter: DeadLetterFilter) {
  let query = (db as unknown as Kysely<OutboxTables>)
    .selectFrom('sys_events')
    .where('status', '=', 'failed')
  if (filter.tenantId) query = query.where('tenant_id', '=', filter.tenantId)
  if (filter.type) query = query.where('type', '=', filter.type)
  if (filter.from) query = query.where('created_at', '>=', filter.from)
  if (filter.to) query = query.where('created_at', '<', filter.to)
  if (filter.ids)
    query = query.where('id', 'in', filter.ids.length > 0 ? [...filter.ids] : [sql<string>`null`])
  return query
}

/**
 * Lists dead letters, oldest first, `limit` at a time (default 100); pass the last row's `seq`
 * as `afterSeq` for the next page.
 *
 * @example
 * ```ts
 * const page = await listDeadLetters(db, { tenantId, type: 'node.created' }, { limit: 50 })
 * ```
 */
export async function listDeadLetters<DB>(
  db: Kysely<DB>,
  filter: DeadLetterFilter = {},
  page: { readonly limit?: number; readonly afterSeq?: string } = {},
): Promise<DeadLetter[]> {
  let query = failedRows(db, filter)
    .selectAll()
    .orderBy('seq')
    .limit(page.limit ?? 100)
  if (page.afterSeq) query = query.where('seq', '>', page.afterSeq)
  return query.execute()
}

/**
 * Puts matching dead letters back in the queue with fresh attempts (and no lost leases); the relay
 * delivers them again (handlers that already applied one skip it through the inbox). Returns how
 * many.
 */
export async function replayDeadLetters<DB>(
  db: Kysely<DB>,
  filter: DeadLetterFilter = {},
): Promise<number> {
  const ids = failedRows(db, filter).select('id')
  const result = await (db as unknown as Kysely<OutboxTables>)
    .updateTable('sys_events')
    .set({
      status: 'pending',
      attempts: 0,
      lost_leases: 0,
      next_attempt_at: sql<Date>`now()`,
      lease_owner: null,
      lease_lock: null,
      lease_expires_at: null,
    })
    .where('status', '=', 'failed')
    .where('id', 'in', ids)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Deletes matching dead letters for good. Returns how many. */
export async function discardDeadLetters<DB>(
  db: Kysely<DB>,
  filter: DeadLetterFilter = {},
): Promise<number> {
  const ids = failedRows(db, filter).select('id')
  const result = await (db as unknown as Kysely<OutboxTables>)
    .deleteFrom('sys_events')
    .where('status', '=', 'failed')
    .where('id', 'in', ids)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
