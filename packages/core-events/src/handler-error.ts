import { CoreEventsError, isCoreEventsError } from './core-events-error'
import type { CoreEventsErrorCode } from './core-events-error'

/** Options of {@link permanentError} and {@link transientError}. */
export interface HandlerErrorOptions {
  /** The underlying error, kept as the error's `cause`. */
  readonly cause?: unknown
}

/**
 * Codes whose failure repeats on every attempt: an explicit `permanentError`, and an envelope the
 * catalogue cannot decode (the same bytes will never decode on a retry).
 */
const PERMANENT_CODES: ReadonlySet<CoreEventsErrorCode> = new Set<CoreEventsErrorCode>([
  'HANDLER_PERMANENT',
  'INVALID_EVENT',
  'UNKNOWN_EVENT_TYPE',
  'UNSUPPORTED_VERSION',
])

/**
 * An error a handler throws when retrying cannot help (e.g. the referenced entity is gone): the
 * dispatcher dead-letters the delivery at once instead of retrying it.
 *
 * @example
 * ```ts
 * const node = await nodes.find(envelope.payload.nodeId)
 * if (node === undefined) throw permanentError(`node ${envelope.payload.nodeId} is gone`)
 * ```
 */
export function permanentError(
  message: string,
  options: HandlerErrorOptions = {},
): CoreEventsError {
  return new CoreEventsError('HANDLER_PERMANENT', message, { cause: options.cause })
}

/**
 * An error a handler throws to say explicitly "try again later". Any error that is not permanent
 * is already retried; this only makes the intent (and the `cause`) visible.
 *
 * @example
 * ```ts
 * try {
 *   await search.index(document)
 * } catch (error) {
 *   throw transientError('search engine unavailable', { cause: error })
 * }
 * ```
 */
export function transientError(
  message: string,
  options: HandlerErrorOptions = {},
): CoreEventsError {
  return new CoreEventsError('HANDLER_TRANSIENT', message, { cause: options.cause })
}

/**
 * Whether a handler's error is permanent (dead-letter now) rather than transient (retry). Permanent
 * are `HANDLER_PERMANENT` and the catalogue's decode failures (`INVALID_EVENT`,
 * `UNKNOWN_EVENT_TYPE`, `UNSUPPORTED_VERSION`); every other value, unknown errors included, is
 * transient. Checks `name` and `code`, so it works across bundles.
 */
export function isPermanentError(error: unknown): boolean {
  return isCoreEventsError(error) && PERMANENT_CODES.has(error.code)
}
