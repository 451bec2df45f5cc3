export { OutboxError, isOutboxError } from './outbox-error'
export type { OutboxErrorCode } from './outbox-error'
