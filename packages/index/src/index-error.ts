/** Stable machine-readable codes carried by {@link IndexError}. */
export type IndexErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/index`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class IndexError extends Error {
  override readonly name = 'IndexError'
  readonly code: IndexErrorCode

  constructor(code: IndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link IndexError} by its `name`, so it works across bundles. */
export function isIndexError(value: unknown): value is IndexError {
  return value instanceof Error && value.name === 'IndexError'
}
