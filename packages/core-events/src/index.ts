export { CoreEventsError, isCoreEventsError } from './core-events-error'
export type {
  CoreEventsErrorCode,
  CoreEventsErrorOptions,
  CoreEventsIssue,
} from './core-events-error'
export { defineEvent } from './define-event'
export type {
  AnyEventDefinition,
  DefineEventOptions,
  EventDefinition,
  EventPayload,
  EventPayloadSchema,
  EventType,
  Upcaster,
  Upcasters,
} from './define-event'
export { createEventBus } from './event-bus'
export type {
  EnvelopeListener,
  EventBus,
  EventPublisher,
  EventSubscriber,
  Unsubscribe,
} from './event-bus'
export {
  causedBy,
  createEnvelope,
  ENVELOPE_FIELDS,
  parseEnvelope,
  serializeEnvelope,
  validateEnvelope,
} from './event-envelope'
export type { CreateEnvelopeOptions, EventContext, EventEnvelope } from './event-envelope'
export { createEventCatalog, payloadJsonSchema } from './event-catalog'
export type {
  DecodedEvent,
  EventCatalog,
  EventDefinitionSource,
  EventJsonSchema,
  SourceDefinition,
  StoredEvent,
} from './event-catalog'
export { createEventDispatcher } from './event-dispatcher'
export type {
  DeadLetter,
  DeliveryFailure,
  DispatchAdmission,
  DispatcherStats,
  DispatchResult,
  EventDispatcher,
  EventDispatcherOptions,
  EventHandler,
  PressureChange,
  PressureLevel,
} from './event-dispatcher'
export {
  boundedText,
  currencyCode,
  emailAddress,
  kindName,
  NIL_UUID,
  nonEmptyText,
  nonNegativeInt,
  nonNilUuid,
} from './event-rules'
export { isPermanentError, permanentError, transientError } from './handler-error'
export type { HandlerErrorOptions } from './handler-error'
export { exponentialBackoff } from './retry-policy'
export type { BackoffPolicy, ExponentialBackoffOptions } from './retry-policy'
