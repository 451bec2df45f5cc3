/** Stable machine-readable codes carried by {@link CoreEventsError}. */
export type CoreEventsErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/core-events`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreEventsError extends Error {
  override readonly name = 'CoreEventsError'
  readonly code: CoreEventsErrorCode

  constructor(code: CoreEventsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link CoreEventsError} by its `name`, so it works across bundles. */
export function isCoreEventsError(value: unknown): value is CoreEventsError {
  return value instanceof Error && value.name === 'CoreEventsError'
}
