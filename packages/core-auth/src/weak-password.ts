import type { PasswordPolicy, PasswordPolicyResult } from './password-policy'

/** A new password the policy refused, as the services report it. */
export interface WeakPassword {
  readonly ok: false
  readonly reason: 'WEAK_PASSWORD'
  /** The policy's own verdict (`TOO_SHORT` with `minLength`, or `TOO_LONG` with `maxLength`). */
  readonly policy: Exclude<PasswordPolicyResult, { ok: true }>
}

/** Checks a new password; `undefined` when it is acceptable. */
export function weakPassword(policy: PasswordPolicy, password: string): WeakPassword | undefined {
  const result = policy.check(password)
  return result.ok ? undefined : { ok: false, reason: 'WEAK_PASSWORD', policy: result }
}
