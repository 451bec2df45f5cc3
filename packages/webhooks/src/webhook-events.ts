import type { EventType } from '@rustok/core-events'
import {
  webhookEndpointCreated,
  webhookEndpointDeleted,
  webhookEndpointDisabled,
  webhookEndpointUpdated,
  webhookSecretRotated,
} from './events/webhook-events'

/** Any one of the webhook event definitions. */
export type WebhookEventDefinition =
  | typeof webhookEndpointCreated
  | typeof webhookEndpointUpdated
  | typeof webhookSecretRotated
  | typeof webhookEndpointDeleted
  | typeof webhookEndpointDisabled

/** The dotted type names of the webhook events. */
export type WebhookEventType = EventType<WebhookEventDefinition>

/**
 * The events of `@rustok/webhooks` (`webhook.*`), locked in its `events.lock.json`; compose them
 * into the application catalogue with `createEventCatalog(webhookEvents, …)`.
 */
export const webhookEvents: readonly WebhookEventDefinition[] = [
  webhookEndpointCreated,
  webhookEndpointUpdated,
  webhookSecretRotated,
  webhookEndpointDeleted,
  webhookEndpointDisabled,
]
