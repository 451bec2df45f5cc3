import * as v from 'valibot'
import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'

/** Payload of the `webhook.endpoint_*` events. */
export interface WebhookEndpointPayload {
  readonly endpointId: string
}

/** Payload of `webhook.endpoint_disabled`. */
export interface WebhookEndpointDisabledPayload {
  readonly endpointId: string
  /** Why it was disabled, as the tenant sees it. */
  readonly reason: string
}

const endpointSchema = v.object({ endpointId: nonNilUuid() })

const endpointEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'webhook_endpoint',
    schema: endpointSchema,
    aggregateId: (payload: WebhookEndpointPayload) => payload.endpointId,
  })

/** A webhook endpoint was registered. Aggregate: `webhook_endpoint` / `endpointId`. */
export const webhookEndpointCreated: EventDefinition<
  'webhook.endpoint_created',
  WebhookEndpointPayload
> = endpointEvent('webhook.endpoint_created', 'A webhook endpoint was registered.')

/** An endpoint's URL, filters, headers or flag changed. Aggregate: `webhook_endpoint`. */
export const webhookEndpointUpdated: EventDefinition<
  'webhook.endpoint_updated',
  WebhookEndpointPayload
> = endpointEvent(
  'webhook.endpoint_updated',
  "A webhook endpoint's settings changed (URL, filters, headers, enabled flag).",
)

/** An endpoint's signing secret was rotated. Aggregate: `webhook_endpoint` / `endpointId`. */
export const webhookSecretRotated: EventDefinition<
  'webhook.secret_rotated',
  WebhookEndpointPayload
> = endpointEvent('webhook.secret_rotated', "A webhook endpoint's signing secret was rotated.")

/** An endpoint was deleted with its deliveries. Aggregate: `webhook_endpoint` / `endpointId`. */
export const webhookEndpointDeleted: EventDefinition<
  'webhook.endpoint_deleted',
  WebhookEndpointPayload
> = endpointEvent('webhook.endpoint_deleted', 'A webhook endpoint was deleted.')

/** An endpoint kept failing and was disabled. Aggregate: `webhook_endpoint` / `endpointId`. */
export const webhookEndpointDisabled: EventDefinition<
  'webhook.endpoint_disabled',
  WebhookEndpointDisabledPayload
> = defineEvent({
  type: 'webhook.endpoint_disabled',
  version: 1,
  description: 'A webhook endpoint kept failing and was disabled; the reason says why.',
  aggregateType: 'webhook_endpoint',
  schema: v.object({ endpointId: nonNilUuid(), reason: nonEmptyText(500) }),
  aggregateId: (payload) => payload.endpointId,
})
