/** Stable machine-readable codes carried by {@link CoreCacheError}. */
export type CoreCacheErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/core-cache`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreCacheError extends Error {
  override readonly name = 'CoreCacheError'
  readonly code: CoreCacheErrorCode

  constructor(code: CoreCacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link CoreCacheError} by its `name`, so it works across bundles. */
export function isCoreCacheError(value: unknown): value is CoreCacheError {
  return value instanceof Error && value.name === 'CoreCacheError'
}
