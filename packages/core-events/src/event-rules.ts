import * as v from 'valibot'

/** The all-zero UUID, which no entity ever has. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000'

const KIND_MAX_BYTES = 64

/**
 * A UUID string (any version, any case) that is not the nil UUID.
 *
 * @example
 * ```ts
 * const NodeRef = v.object({ nodeId: nonNilUuid() })
 * ```
 */
export function nonNilUuid(): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.uuid('must be a UUID'),
    v.notValue(NIL_UUID, 'must not be the nil UUID'),
  )
}

/**
 * Text that is not empty after trimming and at most `maxBytes` long, counted in UTF-8 bytes
 * like the original (`str::len`). The value is kept as given, not trimmed.
 *
 * @example
 * ```ts
 * const Locale = nonEmptyText(10)
 * ```
 */
export function nonEmptyText(maxBytes: number): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.regex(/\S/u, 'must not be empty'),
    v.maxBytes(maxBytes, `must be at most ${maxBytes} bytes (UTF-8)`),
  )
}

/**
 * Optional free text of at most `maxBytes` UTF-8 bytes; may be empty.
 *
 * @example
 * ```ts
 * const Reason = v.optional(boundedText(500))
 * ```
 */
export function boundedText(maxBytes: number): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.maxBytes(maxBytes, `must be at most ${maxBytes} bytes (UTF-8)`),
  )
}

/**
 * An ISO 4217 currency code shape: exactly three ASCII uppercase letters (`EUR`, `USD`).
 *
 * @example
 * ```ts
 * const Money = v.object({ amount: nonNegativeInt(), currency: currencyCode() })
 * ```
 */
export function currencyCode(): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.regex(/^[A-Z]{3}$/u, 'must be a 3-letter uppercase ISO 4217 code'),
  )
}

/**
 * A safe integer ≥ 0 (quantities, amounts in minor units, sizes in bytes).
 *
 * @example
 * ```ts
 * const Stock = v.object({ quantity: nonNegativeInt() })
 * ```
 */
export function nonNegativeInt(): v.GenericSchema<number> {
  return v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be a safe integer'),
    v.minValue(0, 'must be ≥ 0'),
  )
}

/**
 * A kind or slug-like name: 1–64 UTF-8 bytes of Unicode letters, digits, `-` and `_`
 * (the original's `validate_alphanumeric_with_dash`, applied to every `kind`).
 *
 * @example
 * ```ts
 * const NodeKind = kindName()
 * ```
 */
export function kindName(): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.regex(/^[\p{Alphabetic}\p{N}_-]+$/u, 'must be non-empty letters, digits, "-" or "_"'),
    v.maxBytes(KIND_MAX_BYTES, `must be at most ${KIND_MAX_BYTES} bytes (UTF-8)`),
  )
}

/**
 * An e-mail address of at most 255 UTF-8 bytes, checked with valibot's `email()`.
 *
 * @example
 * ```ts
 * const Registered = v.object({ userId: nonNilUuid(), email: emailAddress() })
 * ```
 */
export function emailAddress(): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.maxBytes(255, 'must be at most 255 bytes (UTF-8)'),
    v.email('must be an e-mail address'),
  )
}
