/** The time claims a cache hit must check again: they are the only ones that change with time. */
export interface TimedClaims {
  readonly iat: number
  readonly nbf: number
  readonly exp: number
}

/** Why a cached token no longer passes, in the access-token rejection reasons jose's checks map to. */
export type TimeRejection = 'EXPIRED' | 'NOT_YET_VALID' | 'INVALID_CLAIMS'

/**
 * The time checks jose's `jwtVerify` makes (zero clock tolerance, `maxTokenAge` = the ttl), in its
 * order, for a token whose signature and static claims jose already accepted: `nbf` in the future
 * is NOT_YET_VALID, `exp` reached or `iat` older than the ttl is EXPIRED, `iat` in the future is
 * INVALID_CLAIMS. `nowSeconds` is jose's epoch: whole seconds, rounded down.
 */
export function timeRejection(
  claims: TimedClaims,
  { nowSeconds, ttlSeconds }: { readonly nowSeconds: number; readonly ttlSeconds: number },
): TimeRejection | undefined {
  if (claims.nbf > nowSeconds) return 'NOT_YET_VALID'
  if (claims.exp <= nowSeconds) return 'EXPIRED'
  const age = nowSeconds - claims.iat
  if (age > ttlSeconds) return 'EXPIRED'
  if (age < 0) return 'INVALID_CLAIMS'
  return undefined
}

/** A bounded map from token string to the claims its verification produced. */
export interface VerifiedTokenCache<T> {
  get(token: string): T | undefined
  set(token: string, claims: T): void
  delete(token: string): void
  readonly size: number
}

/**
 * A least-recently-used cache of verified tokens holding at most `maxSize` entries; 0 keeps
 * nothing. It only ever holds what the caller put in after a successful verification, so a forged
 * or tampered token can never be found in it: the key is the whole token, signature included.
 */
export function createVerifiedTokenCache<T>(maxSize: number): VerifiedTokenCache<T> {
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recent first.
  const entries = new Map<string, T>()
  return {
    get(token) {
      const claims = entries.get(token)
      if (claims === undefined) return undefined
      entries.delete(token)
      entries.set(token, claims)
      return claims
    },
    set(token, claims) {
      if (maxSize <= 0) return
      entries.delete(token)
      entries.set(token, claims)
      if (entries.size > maxSize) {
        const oldest = entries.keys().next()
        if (!oldest.done) entries.delete(oldest.value)
      }
    },
    delete(token) {
      entries.delete(token)
    },
    // eslint-disable-next-line no-restricted-syntax -- built once per instance, not per request (ADR 0040)
    get size() {
      return entries.size
    },
  }
}
