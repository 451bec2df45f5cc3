export { discardDeadLetters, listDeadLetters, replayDeadLetters } from './dead-letters'
export type { DeadLetter, DeadLetterFilter } from './dead-letters'
export { isPermanentDeliveryError, PermanentDeliveryError } from './event-transport'
export type { EventTransport } from './event-transport'
export { createIdempotentHandler, pruneInbox } from './idempotent-handler'
export type { IdempotentHandler, IdempotentHandlerOptions } from './idempotent-handler'
export { createOutbox, outboxChannel } from './outbox'
export type { Outbox, OutboxOptions } from './outbox'
export { isOutboxError, OutboxError } from './outbox-error'
export type { OutboxErrorCode } from './outbox-error'
export { outboxMigrations } from './outbox-migrations'
export { pruneOutbox } from './outbox-retention'
export type { OutboxPruned, OutboxRetentionOptions } from './outbox-retention'
export { outboxLag, outboxStats } from './outbox-stats'
export type { OutboxStats } from './outbox-stats'
export type {
  AnyKysely,
  OutboxStatus,
  OutboxTables,
  SysEventsTable,
  SysInboxTable,
} from './outbox-tables'
export { createRelay } from './relay'
export type { Relay, RelayOptions } from './relay'
export { dispatcherTransport } from './dispatcher-transport'
