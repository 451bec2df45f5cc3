/** Stable machine-readable codes carried by {@link WebhookError}. */
export type WebhookErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/** One input field at fault: its dot path (`url`, `eventTypes.2`) and what is wrong with it. */
export interface WebhookFieldError {
  readonly path: string
  readonly message: string
}

/**
 * The one error class of `@rustok/webhooks`. Callers branch on `code` (or `name`), never on
 * `instanceof` across packages. `errors` lists the input fields at fault, when known.
 */
export class WebhookError extends Error {
  override readonly name = 'WebhookError'
  readonly code: WebhookErrorCode
  readonly errors: readonly WebhookFieldError[]

  constructor(
    code: WebhookErrorCode,
    message: string,
    options?: { cause?: unknown; errors?: readonly WebhookFieldError[] },
  ) {
    super(message, options)
    this.code = code
    this.errors = options?.errors ?? []
  }
}

/** Narrows an unknown value to {@link WebhookError} by its `name`, so it works across bundles. */
export function isWebhookError(value: unknown): value is WebhookError {
  return value instanceof Error && value.name === 'WebhookError'
}
