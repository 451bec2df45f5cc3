/** Stable machine-readable codes carried by {@link CommerceError}. */
export type CommerceErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/commerce`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CommerceError extends Error {
  override readonly name = 'CommerceError'
  readonly code: CommerceErrorCode

  constructor(code: CommerceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link CommerceError} by its `name`, so it works across bundles. */
export function isCommerceError(value: unknown): value is CommerceError {
  return value instanceof Error && value.name === 'CommerceError'
}
