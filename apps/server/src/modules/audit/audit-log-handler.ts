import type { EventCatalog } from '@rustok/core-events'
import type { AnyServerModule, ModuleCore } from '@rustok/http'
import { createIdempotentHandler, type IdempotentHandler } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import type { AuditTables } from './audit-tables'
import { auditSummary } from './audit-summary'

/** The handler's inbox key: renaming it would make every past event look unrecorded. */
export const AUDIT_LOG_HANDLER = 'audit-log'

/**
 * The audited types of a catalogue: those each module declares in `audited` (a type, or a prefix
 * ending in `.`). Derived rather than listed here, so an `auth.*` or `user.*` event added later, or
 * a new module's, is recorded without touching this module.
 */
export function auditedTypes(catalog: EventCatalog, modules: readonly AnyServerModule[]): string[] {
  const rules = modules.flatMap((module) => module.audited ?? [])
  const matches = (type: string) =>
    rules.some((rule) => (rule.endsWith('.') ? type.startsWith(rule) : type === rule))
  return catalog
    .list()
    .map((definition) => definition.type)
    .filter(matches)
}

/**
 * Records each audited event once in `audit_log`. The row and the inbox row commit together
 * (`createIdempotentHandler`), so a redelivered event is skipped; `on conflict do nothing` covers
 * an event redelivered after its inbox row was pruned.
 */
export function createAuditLogHandler(
  core: Pick<ModuleCore, 'db' | 'catalog' | 'modules'>,
): IdempotentHandler {
  return createIdempotentHandler({
    name: AUDIT_LOG_HANDLER,
    types: auditedTypes(core.catalog, core.modules),
    db: core.db as Kysely<AuditTables>,
    handle: async (trx, event) => {
      await trx
        .insertInto('audit_log')
        .values({
          id: event.id,
          tenant_id: event.tenantId,
          occurred_at: event.occurredAt,
          type: event.type,
          actor_id: event.actorId,
          aggregate_type: event.aggregateType,
          aggregate_id: event.aggregateId,
          trace_id: event.traceId,
          correlation_id: event.correlationId,
          summary: JSON.stringify(auditSummary(event.payload)),
        })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute()
    },
  })
}
