import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Generates an opaque bearer token: 256 bits from the CSPRNG, base64url without padding (43
 * characters). Used for refresh tokens and single-use purpose tokens (reset, verification, invite).
 */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The SHA-256 of a token as lowercase hex (64 characters): the only form that is stored, so a leaked
 * table does not yield usable tokens. A plain hash suffices because the token has 256 bits of entropy.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Compares two strings in time independent of where they differ. Both sides are hashed first, so
 * neither a length difference nor a common prefix shows in the timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest()
  const digestB = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(digestA, digestB)
}

/** Whether `token` hashes to `storedHash` (from {@link hashOpaqueToken}), compared in constant time. */
export function matchesOpaqueToken(token: string, storedHash: string): boolean {
  return constantTimeEqual(hashOpaqueToken(token), storedHash)
}
