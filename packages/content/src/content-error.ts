/** Stable machine-readable codes carried by {@link ContentError}. */
export type ContentErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/content`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class ContentError extends Error {
  override readonly name = 'ContentError'
  readonly code: ContentErrorCode

  constructor(code: ContentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link ContentError} by its `name`, so it works across bundles. */
export function isContentError(value: unknown): value is ContentError {
  return value instanceof Error && value.name === 'ContentError'
}
