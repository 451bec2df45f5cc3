// `@rustok/core-auth/primitives`: the building blocks the services use — opaque tokens (generate,
// hash, compare in constant time) and the password policy (NFC normalisation, length in code
// points) — for code that needs the same rules outside the services.
export {
  constantTimeEqual,
  generateOpaqueToken,
  hashOpaqueToken,
  matchesOpaqueToken,
} from '../opaque-token'
export { createPasswordPolicy, normalizePassword, passwordLength } from '../password-policy'
export type {
  PasswordPolicy,
  PasswordPolicyOptions,
  PasswordPolicyResult,
} from '../password-policy'
