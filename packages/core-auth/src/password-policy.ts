import { CoreAuthError } from './core-auth-error'

/** Options of {@link createPasswordPolicy}; lengths count Unicode code points after NFC. */
export interface PasswordPolicyOptions {
  /** Shortest accepted password. Default 12. */
  minLength?: number
  /** Longest accepted password; bounds the hashing work an attacker can cause. Default 256. */
  maxLength?: number
}

/** The outcome of {@link PasswordPolicy.check}: expected, so a union rather than a throw. */
export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; reason: 'TOO_SHORT'; minLength: number; length: number }
  | { ok: false; reason: 'TOO_LONG'; maxLength: number; length: number }

/**
 * A length-only password policy (A6), following NIST SP 800-63B: no composition rules, a generous
 * maximum, every character allowed.
 */
export interface PasswordPolicy {
  readonly minLength: number
  readonly maxLength: number
  /** Checks a new password against the policy. */
  check(password: string): PasswordPolicyResult
}

/**
 * Normalises a password before it is measured or hashed (NFC), so the same password typed on
 * different keyboards or platforms hashes the same.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC')
}

/** The length of a password as the policy counts it: code points of its NFC form. */
export function passwordLength(password: string): number {
  let length = 0
  // Iterating a string yields code points, so a surrogate pair counts once.
  for (const _ of normalizePassword(password)) length += 1
  return length
}

/**
 * Creates a password policy. Bounds must be integers with `1 <= minLength <= maxLength`, else it
 * throws `CoreAuthError` `INVALID_INPUT` (a configuration bug).
 *
 * @example
 * ```ts
 * const policy = createPasswordPolicy({ minLength: 12 })
 * const result = policy.check(input.password)
 * if (!result.ok) return c.json({ field: 'password', reason: result.reason }, 400)
 * ```
 */
export function createPasswordPolicy({
  minLength = 12,
  maxLength = 256,
}: PasswordPolicyOptions = {}): PasswordPolicy {
  if (!Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 1) {
    throw new CoreAuthError('INVALID_INPUT', 'Password policy lengths must be positive integers')
  }
  if (maxLength < minLength) {
    throw new CoreAuthError('INVALID_INPUT', 'Password policy maxLength is below minLength')
  }
  return {
    minLength,
    maxLength,
    check(password) {
      const length = passwordLength(password)
      if (length < minLength) return { ok: false, reason: 'TOO_SHORT', minLength, length }
      if (length > maxLength) return { ok: false, reason: 'TOO_LONG', maxLength, length }
      return { ok: true }
    },
  }
}
