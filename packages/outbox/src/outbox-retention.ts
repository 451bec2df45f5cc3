import { deleteInBatches } from '@rustok/core-db'
import { sql } from 'kysely'
import type { AnyKysely } from './outbox-tables'

/** How long delivered events and handler receipts are kept, and how they are deleted. */
export interface OutboxRetentionOptions {
  readonly now?: () => Date
  /**
   * How long a dispatched event stays in `sys_events`, and a handler's receipt in `sys_inbox`
   * after it handled the event. Default 7 days.
   */
  readonly retentionMs?: number
  /** Rows per statement. Default 5,000. */
  readonly batchSize?: number
  /** Statements per table per call. Default 100 (500,000 rows with the default batch). */
  readonly maxBatches?: number
}

/** Rows {@link pruneOutbox} deleted, by table. */
export interface OutboxPruned {
  readonly sys_events: number
  readonly sys_inbox: number
}

/**
 * Deletes delivered events older than the retention period and the inbox receipts of handlers
 * that handled events that long ago, in batches that skip rows other processes hold, so several
 * workers may run it at once. A receipt is kept, however old, while its event may still be
 * delivered again (pending, or a dead letter that can be replayed): deleting it would let the
 * handler apply that event twice.
 *
 * Failed events (dead letters) are never deleted here: an operator replays or discards them.
 *
 * @example
 * ```ts
 * const { sys_events, sys_inbox } = await pruneOutbox(db, { retentionMs: 7 * 86_400_000 })
 * ```
 */
export async function pruneOutbox(
  db: AnyKysely,
  options: OutboxRetentionOptions = {},
): Promise<OutboxPruned> {
  const { now = () => new Date(), retentionMs = 7 * 86_400_000, batchSize, maxBatches } = options
  const before = new Date(now().getTime() - retentionMs)
  const batches = { batchSize, maxBatches }
  return {
    sys_events: await deleteInBatches(db, {
      table: 'sys_events',
      key: ['id'],
      where: sql<boolean>`status = 'dispatched' and dispatched_at < ${before}`,
      ...batches,
    }),
    sys_inbox: await deleteInBatches(db, {
      table: 'sys_inbox',
      key: ['handler', 'event_id'],
      where: sql<boolean>`handled_at < ${before} and not exists (
        select 1 from sys_events e
        where e.id = sys_inbox.event_id and e.status <> 'dispatched')`,
      ...batches,
    }),
  }
}
