// Event definitions for core-events' own tests. The package defines no events of its own: each
// package defines the events it emits (ADR 0007), so these stand in for them.
import * as v from 'valibot'
import { defineEvent } from './define-event'
import type { EventDefinition } from './define-event'
import { nonEmptyText, nonNilUuid } from './event-rules'

interface TenantPayload {
  readonly tenantId: string
}

interface IndexUpdatedPayload {
  readonly indexName: string
  readonly targetId: string
}

export const tenantCreated: EventDefinition<'tenant.created', TenantPayload> = defineEvent({
  type: 'tenant.created',
  version: 1,
  description: 'A tenant was created.',
  aggregateType: 'tenant',
  schema: v.object({ tenantId: nonNilUuid() }),
  aggregateId: (payload) => payload.tenantId,
})

export const tenantDisabled: EventDefinition<'tenant.disabled', TenantPayload> = defineEvent({
  type: 'tenant.disabled',
  version: 1,
  description: 'A tenant was disabled.',
  aggregateType: 'tenant',
  schema: v.object({ tenantId: nonNilUuid() }),
  aggregateId: (payload) => payload.tenantId,
})

export const indexUpdated: EventDefinition<'index.updated', IndexUpdatedPayload> = defineEvent({
  type: 'index.updated',
  version: 1,
  description: 'A read-model index entry was updated.',
  aggregateType: 'index',
  schema: v.object({ indexName: nonEmptyText(64), targetId: nonNilUuid() }),
  aggregateId: (payload) => payload.targetId,
})

/** A few definitions to build catalogues from. */
export const sampleEvents: readonly (
  typeof tenantCreated | typeof tenantDisabled | typeof indexUpdated
)[] = [tenantCreated, tenantDisabled, indexUpdated]
