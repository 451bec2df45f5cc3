import { sql, type RawBuilder } from 'kysely'
import type { AnyKysely } from './any-kysely'

/** What {@link deleteInBatches} deletes, and how much per statement. */
export interface DeleteInBatchesOptions {
  /** The table, e.g. `sessions`. */
  readonly table: string
  /** The columns of its primary key, e.g. `['id']` or `['handler', 'event_id']`. */
  readonly key: readonly string[]
  /**
   * Which rows go: a condition on the table's columns, unqualified, e.g.
   * ``sql<boolean>`expires_at < ${cutoff}` ``.
   */
  readonly where: RawBuilder<boolean>
  /** Rows per statement (each its own short transaction). Default 5,000. */
  readonly batchSize?: number
  /** Statements per call at most; the rest waits for the next call. Default 100. */
  readonly maxBatches?: number
}

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/

/**
 * Deletes the rows matching `where` a batch at a time and returns how many it deleted. Each batch
 * is one statement that picks its rows with `FOR UPDATE SKIP LOCKED`, so several processes may
 * prune one table at once: they take disjoint rows and never wait on each other (no lock queue,
 * no deadlock), and each counts only the rows it deleted. Short statements keep locks and WAL
 * bursts small on a large backlog; `maxBatches` bounds one call's work.
 *
 * @example
 * ```ts
 * const removed = await deleteInBatches(db, {
 *   table: 'sessions',
 *   key: ['id'],
 *   where: sql<boolean>`expires_at < ${cutoff}`,
 * })
 * ```
 */
export async function deleteInBatches(
  db: AnyKysely,
  options: DeleteInBatchesOptions,
): Promise<number> {
  const { table, key, where, batchSize = 5_000, maxBatches = 100 } = options
  for (const name of [table, ...key]) {
    if (!PLAIN_NAME.test(name)) throw new Error(`deleteInBatches: not a plain name: ${name}`)
  }
  if (key.length === 0) throw new Error('deleteInBatches: the table needs a key')
  const columns = sql.join(key.map((column) => sql.ref(column)))
  const matches = sql.join(
    key.map((column) => sql`${sql.ref(`${table}.${column}`)} = ${sql.ref(`doomed.${column}`)}`),
    sql` and `,
  )
  let removed = 0
  for (let batch = 0; batch < maxBatches; batch++) {
    const result = await sql`
      with doomed as (
        select ${columns} from ${sql.table(table)}
        where ${where}
        limit ${batchSize}
        for update skip locked
      )
      delete from ${sql.table(table)} using doomed where ${matches}`.execute(db)
    const deleted = Number(result.numAffectedRows ?? 0)
    removed += deleted
    if (deleted < batchSize) break
  }
  return removed
}
