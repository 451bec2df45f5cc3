export { createAddressPolicy, embeddedIpv4 } from './address-policy'
export type { AddressPolicy, AddressPolicyOptions } from './address-policy'
export { createDeliveryService } from './delivery-service'
export type {
  DeliveryRef,
  DeliveryService,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryDetail,
} from './delivery-service'
export { createDeliveryWorker } from './delivery-worker'
export type { DeliveryWorker, DeliveryWorkerOptions } from './delivery-worker'
export { CreateEndpointSchema, EventFilterSchema, UpdateEndpointSchema } from './endpoint-schemas'
export type { CreateEndpointInput, UpdateEndpointInput } from './endpoint-schemas'
export { createEndpointService } from './endpoint-service'
export type {
  EndpointPage,
  EndpointRef,
  EndpointService,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './endpoint-service'
export {
  webhookEndpointCreated,
  webhookEndpointDeleted,
  webhookEndpointDisabled,
  webhookEndpointUpdated,
  webhookSecretRotated,
} from './events/webhook-events'
export type {
  WebhookEndpointDisabledPayload,
  WebhookEndpointPayload,
} from './events/webhook-events'
export { createFanoutHandler, WEBHOOK_FANOUT_HANDLER } from './fanout-handler'
export type { FanoutHandlerOptions } from './fanout-handler'
export type { WebhookActor } from './internal/write-change'
export {
  attemptOutcome,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  retryAfterMs,
} from './retry-policy'
export type { AttemptOutcome, RetryPolicy } from './retry-policy'
export { WEBHOOK_BODY_FORMAT, webhookBody } from './webhook-body'
export type { WebhookBody } from './webhook-body'
export type { EventWriter, WebhookDeps } from './webhook-deps'
export { isWebhookError, WebhookError } from './webhook-error'
export type { WebhookErrorCode, WebhookFieldError } from './webhook-error'
export { webhookEvents } from './webhook-events'
export type { WebhookEventDefinition, WebhookEventType } from './webhook-events'
export { webhookMigrations } from './webhook-migrations'
export { resealWebhookSecrets } from './reseal-secrets'
export { createSecretBox, generateSecretKey } from './secret-box'
export type { SecretBox } from './secret-box'
export { createWebhookSender, RESPONSE_EXCERPT_BYTES } from './webhook-sender'
export type {
  Resolver,
  WebhookRequest,
  WebhookResponse,
  WebhookSender,
  WebhookSenderOptions,
} from './webhook-sender'
export { generateWebhookSecret, signWebhook, webhookHeaders } from './webhook-signature'
export type { SignedMessage } from './webhook-signature'
export type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookDeliveryStatus,
  WebhookEndpointsTable,
  WebhookTables,
} from './webhook-tables'
