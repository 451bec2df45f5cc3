import * as v from 'valibot'
import { defineEvent, kindName, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'

/** Payload of `module.enabled` and `module.disabled`. */
export interface ModulePayload {
  /** The tenant whose modules changed; it is the aggregate. */
  readonly tenantId: string
  /** Module name, e.g. `commerce`: letters, digits, `-`, `_`, at most 64 UTF-8 bytes. */
  readonly module: string
}

const ModulePayloadSchema = v.object({ tenantId: nonNilUuid(), module: kindName() })

/** A tenant enabled a module (new). Aggregate: `tenant` / `tenantId`. */
export const moduleEnabled: EventDefinition<'module.enabled', ModulePayload> = defineEvent({
  type: 'module.enabled',
  version: 1,
  description: 'A tenant enabled a module.',
  aggregateType: 'tenant',
  schema: ModulePayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})

/** A tenant disabled a module (new). Aggregate: `tenant` / `tenantId`. */
export const moduleDisabled: EventDefinition<'module.disabled', ModulePayload> = defineEvent({
  type: 'module.disabled',
  version: 1,
  description: 'A tenant disabled a module.',
  aggregateType: 'tenant',
  schema: ModulePayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})
