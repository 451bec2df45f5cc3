import type { AnyKysely } from '@rustok/core-db'
import type { OutboxTables } from '../index'
import type { Kysely, Selectable } from 'kysely'
import { afterCursor, toPage, type Page, exactTimestamp } from '@rustok/http'
import type { DeadLetterItem, DeadLetterListInput } from './dead-letter-schemas'

type Row = Pick<
  Selectable<OutboxTables['sys_events']>,
  | 'id'
  | 'tenant_id'
  | 'type'
  | 'version'
  | 'aggregate_type'
  | 'aggregate_id'
  | 'actor_id'
  | 'correlation_id'
  | 'trace_id'
  | 'attempts'
  | 'last_error'
  | 'occurred_at'
  | 'created_at'
>

const toItem = (row: Row): DeadLetterItem => ({
  id: row.id,
  tenantId: row.tenant_id,
  type: row.type,
  version: row.version,
  aggregateType: row.aggregate_type,
  aggregateId: row.aggregate_id,
  actorId: row.actor_id,
  correlationId: row.correlation_id,
  traceId: row.trace_id,
  attempts: row.attempts,
  lastError: row.last_error,
  occurredAt: new Date(row.occurred_at).toISOString(),
  createdAt: new Date(row.created_at).toISOString(),
})

function failedRows(db: AnyKysely) {
  return (db as Kysely<OutboxTables>)
    .selectFrom('sys_events')
    .select([
      'id',
      'tenant_id',
      'type',
      'version',
      'aggregate_type',
      'aggregate_id',
      'actor_id',
      'correlation_id',
      'trace_id',
      'attempts',
      'last_error',
      'occurred_at',
      'created_at',
      exactTimestamp('created_at').as('cursor_at'),
    ])
    .where('status', '=', 'failed')
}

/**
 * One page of dead letters of every tenant (a platform view), newest first by default. Same filter
 * meaning as `@rustok/outbox`'s `listDeadLetters` (`from` inclusive, `to` exclusive), but paged the
 * API's way: by (created_at, id) rather than by `seq`.
 */
export async function deadLetterPage(
  db: AnyKysely,
  query: DeadLetterListInput,
): Promise<Page<DeadLetterItem>> {
  const { direction } = query.sort
  let select = failedRows(db)
  if (query.type !== undefined) select = select.where('type', '=', query.type)
  if (query.tenantId !== undefined) select = select.where('tenant_id', '=', query.tenantId)
  if (query.from !== undefined) select = select.where('created_at', '>=', query.from)
  if (query.to !== undefined) select = select.where('created_at', '<', query.to)
  const rows = await select
    .where(afterCursor({ sort: 'created_at', id: 'id' }, direction, query.cursor))
    .orderBy('created_at', direction)
    .orderBy('id', direction)
    .limit(query.limit + 1)
    .execute()
  return toPage(rows, query.limit, {
    item: toItem,
    cursor: (row) => ({ value: row.cursor_at, id: row.id }),
  })
}

/** One dead letter with its payload, or `undefined` when no failed row has this id. */
export async function deadLetterById(
  db: AnyKysely,
  id: string,
): Promise<(DeadLetterItem & { payload: unknown }) | undefined> {
  const row = await failedRows(db).select('payload').where('id', '=', id).executeTakeFirst()
  return row && { ...toItem(row), payload: row.payload }
}
