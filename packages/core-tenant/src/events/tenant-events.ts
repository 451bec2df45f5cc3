import * as v from 'valibot'
import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'

/** Payload of `tenant.created`, `tenant.updated` and `tenant.disabled`; the tenant is the aggregate. */
export interface TenantPayload {
  /** The tenant concerned. */
  readonly tenantId: string
}

const TenantPayloadSchema = v.object({ tenantId: nonNilUuid() })

/** A tenant was created (original #36). Aggregate: `tenant` / `tenantId`. */
export const tenantCreated: EventDefinition<'tenant.created', TenantPayload> = defineEvent({
  type: 'tenant.created',
  version: 1,
  description: 'A tenant was created.',
  aggregateType: 'tenant',
  schema: TenantPayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})

/** A tenant's settings changed (original #37). Aggregate: `tenant` / `tenantId`. */
export const tenantUpdated: EventDefinition<'tenant.updated', TenantPayload> = defineEvent({
  type: 'tenant.updated',
  version: 1,
  description: 'A tenant was updated.',
  aggregateType: 'tenant',
  schema: TenantPayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})

/** A tenant was disabled (new; the original only had an `is_active` flag). Aggregate: `tenant` / `tenantId`. */
export const tenantDisabled: EventDefinition<'tenant.disabled', TenantPayload> = defineEvent({
  type: 'tenant.disabled',
  version: 1,
  description: 'A tenant was disabled.',
  aggregateType: 'tenant',
  schema: TenantPayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})
