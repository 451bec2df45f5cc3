import type { AnyKysely } from '@rustok/core-db'
import type { Kysely } from 'kysely'
import * as v from 'valibot'
import {
  afterCursor,
  listQuery,
  toPage,
  type Page,
  EventTypeParam,
  exactTimestamp,
  FOREIGN_CURSOR,
  isTimestampCursor,
  timestampParam,
} from '@rustok/http'
import type { AuditTables } from './audit-tables'

/** One audit log entry. */
export const AuditEntrySchema = v.object({
  id: v.pipe(v.string(), v.description('The id of the event this entry records.')),
  type: v.string(),
  occurredAt: v.string(),
  actorId: v.nullable(v.string()),
  aggregateType: v.string(),
  aggregateId: v.string(),
  traceId: v.nullable(v.string()),
  correlationId: v.string(),
  summary: v.pipe(v.unknown(), v.description("The event's payload without secrets.")),
})

export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>

/** `GET /api/admin/audit-log`: keyset pages over (occurred_at, id), newest first by default. */
export const AuditLogQuery = v.pipe(
  listQuery({
    sort: ['occurredAt'],
    defaultSort: '-occurredAt',
    filters: {
      type: EventTypeParam,
      actorId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
      from: timestampParam('Occurred at or after this time (ISO 8601).'),
      to: timestampParam('Occurred before this time (ISO 8601).'),
    },
  }),
  v.forward(
    v.check((query) => isTimestampCursor(query.cursor), FOREIGN_CURSOR),
    ['cursor'],
  ),
)

export type AuditLogInput = v.InferOutput<typeof AuditLogQuery>

/** One page of the audit log of `tenantId` (`from` inclusive, `to` exclusive, on `occurred_at`). */
export async function auditLogPage(
  db: AnyKysely,
  options: { readonly tenantId: string; readonly query: AuditLogInput },
): Promise<Page<AuditEntry>> {
  const { tenantId, query } = options
  const { direction } = query.sort
  let select = (db as Kysely<AuditTables>)
    .selectFrom('audit_log')
    .select([
      'id',
      'type',
      'occurred_at',
      'actor_id',
      'aggregate_type',
      'aggregate_id',
      'trace_id',
      'correlation_id',
      'summary',
      exactTimestamp('occurred_at').as('cursor_at'),
    ])
    .where('tenant_id', '=', tenantId)
  if (query.type !== undefined) select = select.where('type', '=', query.type)
  if (query.actorId !== undefined) select = select.where('actor_id', '=', query.actorId)
  if (query.from !== undefined) select = select.where('occurred_at', '>=', query.from)
  if (query.to !== undefined) select = select.where('occurred_at', '<', query.to)
  const rows = await select
    .where(afterCursor({ sort: 'occurred_at', id: 'id' }, direction, query.cursor))
    .orderBy('occurred_at', direction)
    .orderBy('id', direction)
    .limit(query.limit + 1)
    .execute()
  return toPage(rows, query.limit, {
    item: (row) => ({
      id: row.id,
      type: row.type,
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorId: row.actor_id,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      traceId: row.trace_id,
      correlationId: row.correlation_id,
      summary: row.summary,
    }),
    cursor: (row) => ({ value: row.cursor_at, id: row.id }),
  })
}
