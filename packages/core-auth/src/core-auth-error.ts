/**
 * Stable machine-readable codes carried by {@link CoreAuthError}. `TOKEN_REUSED` marks a presented
 * refresh token that was already rotated (reuse detection); the rest are the shared vocabulary.
 */
export type CoreAuthErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'PRECONDITION_FAILED'
  | 'TOKEN_REUSED'
  | 'INTERNAL'

/**
 * The one error class of `@rustok/core-auth`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreAuthError extends Error {
  override readonly name = 'CoreAuthError'
  readonly code: CoreAuthErrorCode

  constructor(code: CoreAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link CoreAuthError} by its `name`, so it works across bundles. */
export function isCoreAuthError(value: unknown): value is CoreAuthError {
  return value instanceof Error && value.name === 'CoreAuthError'
}
