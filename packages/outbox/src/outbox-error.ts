/** Stable machine-readable codes carried by {@link OutboxError}. */
export type OutboxErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'CONFLICT' | 'INTERNAL'

/**
 * The one error class of `@rustok/outbox`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class OutboxError extends Error {
  override readonly name = 'OutboxError'
  readonly code: OutboxErrorCode

  constructor(code: OutboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link OutboxError} by its `name`, so it works across bundles. */
export function isOutboxError(value: unknown): value is OutboxError {
  return value instanceof Error && value.name === 'OutboxError'
}
