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
export {
  buildSchemaLock,
  checkSchemaLock,
  formatSchemaLockProblems,
  schemaHash,
  serializeSchemaLock,
} from './schema-lock'
export { verifySchemaLockFile } from './schema-lock-file'
export type { SchemaLockFileOptions } from './schema-lock-file'
export type { SchemaLock, SchemaLockEntry, SchemaLockProblem } from './schema-lock'
export { platformEvents } from './platform-events'
export type { PlatformEventDefinition, PlatformEventType } from './platform-events'
export { indexUpdated, reindexRequested } from './events/index-events'
export type { IndexUpdatedPayload, ReindexRequestedPayload } from './events/index-events'
export { localeDisabled, localeEnabled } from './events/locale-events'
export type { LocalePayload } from './events/locale-events'
export { moduleDisabled, moduleEnabled } from './events/module-events'
export type { ModulePayload } from './events/module-events'
export { tenantCreated, tenantDisabled, tenantUpdated } from './events/tenant-events'
export type { TenantPayload } from './events/tenant-events'
export { userDeleted, userLoggedIn, userRegistered, userUpdated } from './events/user-events'
export type { UserPayload, UserRegisteredPayload } from './events/user-events'
