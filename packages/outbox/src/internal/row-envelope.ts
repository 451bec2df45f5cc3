import type { EventCatalog, EventEnvelope } from '@rustok/core-events'
import type { Selectable } from 'kysely'
import type { SysEventsTable } from '../outbox-tables'

/** A claimed `sys_events` row. */
export type EventRow = Selectable<SysEventsTable>

/**
 * Rebuilds the envelope of a stored row, lifting an older stored version to the current one
 * through the catalogue's upcasters (E3).
 */
export function rowToEnvelope(row: EventRow, catalog: EventCatalog): EventEnvelope {
  const decoded = catalog.decode({ type: row.type, version: row.version, payload: row.payload })
  return {
    id: row.id,
    type: row.type,
    version: decoded.version,
    tenantId: row.tenant_id,
    actorId: row.actor_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    traceId: row.trace_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    payload: decoded.payload,
  }
}
