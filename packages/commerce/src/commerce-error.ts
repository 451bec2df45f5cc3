/**
 * Stable machine-readable codes carried by {@link CommerceError}. `INVALID_TRANSITION`: the
 * product's (or reservation's) status does not allow the change, or another request changed it
 * first. `INSUFFICIENT_INVENTORY`: fewer units are available than asked for.
 * `PROMOTION_NOT_APPLICABLE`: a discount code does not apply to the cart (the field error says why).
 */
export type CommerceErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'INVALID_TRANSITION'
  | 'INSUFFICIENT_INVENTORY'
  | 'PROMOTION_NOT_APPLICABLE'
  | 'PAYMENT_DECLINED'
  | 'PAYMENT_FAILED'
  | 'INTERNAL'

/** One input field at fault: its dot path (`variants.3.sku`) and what is wrong with it. */
export interface CommerceFieldError {
  readonly path: string
  readonly message: string
}

/**
 * The one error class of `@rustok/commerce`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages. `errors` lists the input fields at fault, when known.
 */
export class CommerceError extends Error {
  override readonly name = 'CommerceError'
  readonly code: CommerceErrorCode
  readonly errors: readonly CommerceFieldError[]

  constructor(
    code: CommerceErrorCode,
    message: string,
    options?: { cause?: unknown; errors?: readonly CommerceFieldError[] },
  ) {
    super(message, options)
    this.code = code
    this.errors = options?.errors ?? []
  }
}

/** Narrows an unknown value to {@link CommerceError} by its `name`, so it works across bundles. */
export function isCommerceError(value: unknown): value is CommerceError {
  return value instanceof Error && value.name === 'CommerceError'
}
