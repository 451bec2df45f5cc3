/** Stable machine-readable codes carried by {@link IndexError}. */
export type IndexErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/** A field of the input at fault, by its dot path (`query.cursor`). */
export interface IndexFieldError {
  readonly path: string
  readonly message: string
}

/**
 * The one error class of `@rustok/index`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class IndexError extends Error {
  override readonly name = 'IndexError'
  readonly code: IndexErrorCode
  /** The fields at fault, for `INVALID_INPUT`. */
  readonly errors: readonly IndexFieldError[]

  constructor(
    code: IndexErrorCode,
    message: string,
    options?: { cause?: unknown; errors?: readonly IndexFieldError[] },
  ) {
    super(message, options)
    this.code = code
    this.errors = options?.errors ?? []
  }
}

/** Narrows an unknown value to {@link IndexError} by its `name`, so it works across bundles. */
export function isIndexError(value: unknown): value is IndexError {
  return value instanceof Error && value.name === 'IndexError'
}
