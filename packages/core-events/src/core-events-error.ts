/**
 * Stable machine-readable codes carried by {@link CoreEventsError}.
 *
 * - `INVALID_EVENT`: a payload or envelope fails its schema; `issues` says where and why.
 * - `UNKNOWN_EVENT_TYPE`: the event type is not in the catalogue.
 * - `UNSUPPORTED_VERSION`: a stored version is newer than the code knows (or < 1), or an upcaster step is missing.
 * - `DUPLICATE_EVENT_TYPE`: two definitions share one type when catalogues are composed.
 * - `INVALID_DEFINITION`: `defineEvent`, `EventDispatcher.register` or a factory was given a broken
 *   definition, handler or option (a bug in the caller).
 * - `HANDLER_PERMANENT`: thrown by a handler (see `permanentError`): retrying cannot help, dead-letter now.
 * - `HANDLER_TRANSIENT`: thrown by a handler (see `transientError`): worth retrying after a backoff.
 * - `DUPLICATE_HANDLER`: two handlers registered on one dispatcher share a name.
 * - `QUEUE_FULL`: the dispatcher's bounded queue is at its critical threshold; try again later.
 * - `CLOSED`: the dispatcher was closed and accepts no more events.
 * - `LISTENER_FAILED`: a listener of the in-process bus threw; the error is the `cause`.
 */
export type CoreEventsErrorCode =
  | 'INVALID_EVENT'
  | 'UNKNOWN_EVENT_TYPE'
  | 'UNSUPPORTED_VERSION'
  | 'DUPLICATE_EVENT_TYPE'
  | 'INVALID_DEFINITION'
  | 'HANDLER_PERMANENT'
  | 'HANDLER_TRANSIENT'
  | 'DUPLICATE_HANDLER'
  | 'QUEUE_FULL'
  | 'CLOSED'
  | 'LISTENER_FAILED'

/** One validation problem, located by a dot path such as `payload.nodeId`. */
export interface CoreEventsIssue {
  /** Dot path of the offending field (`payload.nodeId`, `tenantId`); empty for the value as a whole. */
  readonly path: string
  /** Human-readable reason, e.g. `must not be the nil UUID`. */
  readonly message: string
}

/** Options of the {@link CoreEventsError} constructor. */
export interface CoreEventsErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown
  /** Validation issues, for `INVALID_EVENT`. */
  readonly issues?: readonly CoreEventsIssue[]
}

/**
 * The one error class of `@rustok/core-events`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreEventsError extends Error {
  override readonly name = 'CoreEventsError'
  readonly code: CoreEventsErrorCode
  /** Validation issues with dot paths; empty unless `code` is `INVALID_EVENT`. */
  readonly issues: readonly CoreEventsIssue[]

  constructor(code: CoreEventsErrorCode, message: string, options: CoreEventsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.issues = options.issues ?? []
  }
}

/** Narrows an unknown value to {@link CoreEventsError} by its `name`, so it works across bundles. */
export function isCoreEventsError(value: unknown): value is CoreEventsError {
  return value instanceof Error && value.name === 'CoreEventsError'
}
