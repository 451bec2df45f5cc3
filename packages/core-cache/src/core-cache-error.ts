/**
 * Stable machine-readable codes carried by {@link CoreCacheError}.
 *
 * - `INVALID_INPUT`: a caller passed something the cache cannot take (a TTL that is not a positive
 *   number, `undefined` as a value, a key too long for one invalidation message).
 * - `INTERNAL`: infrastructure failed (an invalidation could not be published, a listener threw).
 */
export type CoreCacheErrorCode = 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/core-cache`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 *
 * Errors thrown by a loader passed to `getOrLoad` are not wrapped: every waiter gets the loader's
 * own error.
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
