import type { EventCatalog } from '@rustok/core-events'
import { createIdempotentHandler, type IdempotentHandler } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import type { Services } from '../../compose/services'
import type { AuditTables } from './audit-tables'
import { auditSummary } from './audit-summary'

/** The handler's inbox key: renaming it would make every past event look unrecorded. */
export const AUDIT_LOG_HANDLER = 'audit-log'

/** Event families that are security-relevant (A7): sign-in, accounts, tenants, modules, locales. */
export const AUDITED_PREFIXES: readonly string[] = [
  'auth.',
  'user.',
  'tenant.',
  'module.',
  'locale.',
]

/**
 * The audited types of a catalogue. Derived rather than listed, so an `auth.*` or `user.*` event
 * added later is recorded without touching this module.
 */
export function auditedTypes(catalog: EventCatalog): string[] {
  return catalog
    .list()
    .map((definition) => definition.type)
    .filter((type) => AUDITED_PREFIXES.some((prefix) => type.startsWith(prefix)))
}

/**
 * Records each audited event once in `audit_log`. The row and the inbox row commit together
 * (`createIdempotentHandler`), so a redelivered event is skipped; `on conflict do nothing` covers
 * an event redelivered after its inbox row was pruned.
 */
export function createAuditLogHandler(
  services: Pick<Services, 'db' | 'catalog'>,
): IdempotentHandler {
  return createIdempotentHandler({
    name: AUDIT_LOG_HANDLER,
    types: auditedTypes(services.catalog),
    db: services.db as Kysely<AuditTables>,
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
