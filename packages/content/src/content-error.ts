/**
 * Stable machine-readable codes carried by {@link ContentError}. `INVALID_TRANSITION`: the node's
 * status does not allow the change (publishing an archived node, say), or another request changed
 * it first. `UNAUTHORIZED`: a page preview token that is expired, forged or another tenant's.
 * `TOPIC_LOCKED`, `TOPIC_CLOSED`, `TOPIC_ARCHIVED`: a forum topic that takes no replies.
 */
export type ContentErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'INVALID_TRANSITION'
  | 'TOPIC_LOCKED'
  | 'TOPIC_CLOSED'
  | 'TOPIC_ARCHIVED'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL'

/** One input field at fault: its dot path (`translations.0.slug`) and what is wrong with it. */
export interface ContentFieldError {
  readonly path: string
  readonly message: string
}

/**
 * The one error class of `@rustok/content`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages. `errors` lists the input fields at fault, when known.
 */
export class ContentError extends Error {
  override readonly name = 'ContentError'
  readonly code: ContentErrorCode
  readonly errors: readonly ContentFieldError[]

  constructor(
    code: ContentErrorCode,
    message: string,
    options?: { cause?: unknown; errors?: readonly ContentFieldError[] },
  ) {
    super(message, options)
    this.code = code
    this.errors = options?.errors ?? []
  }
}

/** Narrows an unknown value to {@link ContentError} by its `name`, so it works across bundles. */
export function isContentError(value: unknown): value is ContentError {
  return value instanceof Error && value.name === 'ContentError'
}
