import { errors, importJWK, jwtVerify, SignJWT } from 'jose'
import type { CryptoKey, JWK, JWTPayload, KeyObject } from 'jose'
import * as v from 'valibot'
import { CoreAuthError } from './core-auth-error'
import { createVerifiedTokenCache, timeRejection } from './internal/verified-token-cache'

/** The signing algorithms an access-token issuer may be configured with; exactly one is accepted. */
export type AccessTokenAlgorithm = 'HS256' | 'EdDSA' | 'RS256'

/** An asymmetric key: a Node `KeyObject`, a Web Crypto `CryptoKey`, or a JWK. */
export type AccessTokenKey = CryptoKey | KeyObject | JWK

/** The verified claims of an access token. */
export interface AccessTokenClaims {
  /** User id. */
  sub: string
  /** Tenant id the token is bound to. */
  tid: string
  /** Session id the token is bound to; revoking the session revokes the token. */
  sid: string
  /** Role name (built-in or custom) at issue time. */
  role: string
  iat: number
  nbf: number
  exp: number
  iss: string
  aud: string
  jti: string
}

/** What an access token is issued for. */
export interface AccessTokenSubject {
  userId: string
  tenantId: string
  sessionId: string
  role: string
}

/** Why an access token was rejected. Every reason means "not authenticated"; the route picks 401/403. */
export type AccessTokenRejection =
  | 'MALFORMED'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'INVALID_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'INVALID_CLAIMS'
  | 'TENANT_MISMATCH'
  | 'SESSION_REVOKED'

/** The outcome of {@link AccessTokens.verify}. */
export type AccessTokenVerification =
  { ok: true; claims: AccessTokenClaims } | { ok: false; reason: AccessTokenRejection }

/** Options of {@link createAccessTokens}. */
export interface AccessTokensOptions {
  /** The one accepted algorithm. Default `HS256`. */
  algorithm?: AccessTokenAlgorithm
  /** HS256 only: at least 32 bytes (UTF-8 for a string). */
  secret?: string | Uint8Array
  /** EdDSA/RS256: signing key. Omit it for a verify-only instance. */
  privateKey?: AccessTokenKey
  /** EdDSA/RS256: verification key (required). */
  publicKey?: AccessTokenKey
  /** `iss` issued and required. Default `rustok`. */
  issuer?: string
  /** `aud` issued and required. Default `rustok-api`. */
  audience?: string
  /** Lifetime in seconds. Default 900 (15 minutes). */
  ttlSeconds?: number
  now?: () => Date
  /** Token id generator for `jti`. */
  newId?: () => string
  /** Whether the session exists, belongs to the tenant and is neither revoked nor expired. */
  isSessionActive: (sessionId: string, tenantId: string) => Promise<boolean>
  /**
   * How many verified tokens to remember (least recently used go first), so a token presented
   * again skips the signature check; its time claims, tenant and session are still checked on
   * every verify. Default 10 000; 0 verifies every token in full.
   */
  verifiedCacheSize?: number
}

/** Issues and verifies session- and tenant-bound JWT access tokens (A6). */
export interface AccessTokens {
  /** Signs an access token. Throws `INVALID_INPUT` for empty ids or a verify-only instance. */
  sign(subject: AccessTokenSubject): Promise<string>
  /**
   * Verifies signature (allow-listed algorithm only), `typ`, iss, aud, exp, nbf, the claim types,
   * the tenant binding and, last, that the session is still active. Rejections are returned; only
   * infrastructure failures (e.g. `isSessionActive` failing) and misconfiguration throw. A token
   * that passed before skips only the signature and static-claim checks, which cannot change.
   */
  verify(token: string, expected: { tenantId: string }): Promise<AccessTokenVerification>
}

// RFC 9068: a distinct `typ` keeps other JWTs signed with the same key from passing as access tokens.
const TOKEN_TYPE = 'at+jwt'
const MAX_TOKEN_LENGTH = 8192

const Id = v.pipe(v.string(), v.nonEmpty(), v.maxLength(256))
const NumericDate = v.pipe(v.number(), v.integer(), v.minValue(0))
const ClaimsSchema = v.object({
  sub: Id,
  tid: Id,
  sid: Id,
  role: Id,
  iat: NumericDate,
  nbf: NumericDate,
  exp: NumericDate,
  iss: v.string(),
  aud: v.string(),
  jti: Id,
})

type SigningKey = Uint8Array | CryptoKey | KeyObject

type ClaimsCheck =
  { ok: true; claims: AccessTokenClaims } | { ok: false; reason: AccessTokenRejection }

const isJwk = (key: AccessTokenKey): key is JWK =>
  typeof key === 'object' && 'kty' in key && typeof key.kty === 'string'

// jose error codes that mean something more specific than MALFORMED.
const REJECTIONS: Readonly<Record<string, AccessTokenRejection>> = {
  ERR_JWT_EXPIRED: 'EXPIRED',
  ERR_JOSE_ALG_NOT_ALLOWED: 'ALGORITHM_NOT_ALLOWED',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'INVALID_SIGNATURE',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'INVALID_CLAIMS',
}

const rejectionOf = (error: errors.JOSEError): AccessTokenRejection => {
  if (
    error instanceof errors.JWTClaimValidationFailed &&
    error.claim === 'nbf' &&
    error.reason === 'check_failed'
  ) {
    return 'NOT_YET_VALID'
  }
  return REJECTIONS[error.code] ?? 'MALFORMED'
}

/**
 * Creates the access-token issuer/verifier on `jose`. HS256 (default) needs a `secret` of at least 32
 * bytes; EdDSA and RS256 need a `publicKey` (and a `privateKey` to sign). Tokens of any other
 * algorithm — `none`, or HS256 signed with a public key — are refused by the allow-list. Bad
 * configuration throws `CoreAuthError` `INVALID_INPUT` at once.
 *
 * @example
 * ```ts
 * const accessTokens = createAccessTokens({
 *   secret: config.jwtSecret,
 *   isSessionActive: (sessionId, tenantId) => sessions.isActive(sessionId, tenantId),
 * })
 * const token = await accessTokens.sign({ userId, tenantId, sessionId, role: 'customer' })
 * const result = await accessTokens.verify(bearer, { tenantId: c.var.tenant.id })
 * if (!result.ok) return c.json({ error: result.reason }, 401)
 * ```
 */
export function createAccessTokens({
  algorithm = 'HS256',
  secret,
  privateKey,
  publicKey,
  issuer = 'rustok',
  audience = 'rustok-api',
  ttlSeconds = 900,
  now = () => new Date(),
  newId = () => crypto.randomUUID(),
  isSessionActive,
  verifiedCacheSize = 10_000,
}: AccessTokensOptions): AccessTokens {
  const invalid = (message: string): CoreAuthError => new CoreAuthError('INVALID_INPUT', message)
  if (!['HS256', 'EdDSA', 'RS256'].includes(algorithm)) {
    throw invalid(`Unsupported access-token algorithm "${String(algorithm)}"`)
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw invalid('Access-token ttlSeconds must be a positive integer')
  }
  if (!Number.isInteger(verifiedCacheSize) || verifiedCacheSize < 0) {
    throw invalid('Access-token verifiedCacheSize must be a non-negative integer')
  }
  const verified = createVerifiedTokenCache<Readonly<AccessTokenClaims>>(verifiedCacheSize)

  let signingKey: () => Promise<SigningKey>
  let verifyingKey: () => Promise<SigningKey>
  if (algorithm === 'HS256') {
    if (privateKey !== undefined || publicKey !== undefined) {
      throw invalid('HS256 takes a secret, not a key pair')
    }
    const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
    if (bytes === undefined || bytes.byteLength < 32) {
      throw invalid('HS256 needs a secret of at least 32 bytes')
    }
    // Imported once: given raw bytes, jose imports them again on every sign and verify.
    let imported: Promise<CryptoKey> | undefined
    const key = () =>
      (imported ??= crypto.subtle.importKey(
        'raw',
        new Uint8Array(bytes),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign', 'verify'],
      ))
    signingKey = key
    verifyingKey = key
  } else {
    if (secret !== undefined) throw invalid(`${algorithm} takes a key pair, not a secret`)
    if (publicKey === undefined) throw invalid(`${algorithm} needs a publicKey`)
    const resolve = (key: AccessTokenKey): (() => Promise<SigningKey>) => {
      let resolved: Promise<SigningKey> | undefined
      return () => (resolved ??= isJwk(key) ? importJWK(key, algorithm) : Promise.resolve(key))
    }
    verifyingKey = resolve(publicKey)
    signingKey =
      privateKey === undefined
        ? () => Promise.reject(invalid('This access-token instance has no privateKey'))
        : resolve(privateKey)
  }

  return {
    async sign({ userId, tenantId, sessionId, role }) {
      for (const [name, value] of Object.entries({ userId, tenantId, sessionId, role })) {
        if (!v.is(Id, value)) throw invalid(`Access-token ${name} must be a non-empty string`)
      }
      const iat = Math.floor(now().getTime() / 1000)
      return new SignJWT({ tid: tenantId, sid: sessionId, role })
        .setProtectedHeader({ alg: algorithm, typ: TOKEN_TYPE })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(newId())
        .sign(await signingKey())
    },

    async verify(token, { tenantId }) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        return { ok: false, reason: 'MALFORMED' }
      }
      let claims: AccessTokenClaims
      const cached = verified.get(token)
      if (cached) {
        const nowSeconds = Math.floor(now().getTime() / 1000)
        const late = timeRejection(cached, { nowSeconds, ttlSeconds })
        if (late) {
          verified.delete(token)
          return { ok: false, reason: late }
        }
        claims = { ...cached }
      } else {
        const checked = await checkTokenAndClaims(token)
        if (!checked.ok) return checked
        claims = checked.claims
      }
      if (claims.tid !== tenantId) return { ok: false, reason: 'TENANT_MISMATCH' }
      if (!(await isSessionActive(claims.sid, claims.tid))) {
        return { ok: false, reason: 'SESSION_REVOKED' }
      }
      // Only a token that passed every check is remembered; a copy, so callers cannot alter it.
      if (!cached) verified.set(token, Object.freeze({ ...claims }))
      return { ok: true, claims }
    },
  }

  /** jose's verification (signature, allow-listed algorithm, typ, iss, aud, times), then ours. */
  async function checkTokenAndClaims(token: string): Promise<ClaimsCheck> {
    // Resolved outside the try: a broken key is a configuration bug and must throw.
    const key = await verifyingKey()
    let payload: JWTPayload
    try {
      const result = await jwtVerify(token, key, {
        algorithms: [algorithm],
        typ: TOKEN_TYPE,
        issuer,
        audience,
        currentDate: now(),
        maxTokenAge: ttlSeconds,
        requiredClaims: ['sub', 'tid', 'sid', 'role', 'iat', 'nbf', 'exp', 'jti'],
      })
      payload = result.payload
    } catch (error) {
      if (error instanceof errors.JOSEError) return { ok: false, reason: rejectionOf(error) }
      throw error
    }
    const parsed = v.safeParse(ClaimsSchema, payload)
    if (!parsed.success) return { ok: false, reason: 'INVALID_CLAIMS' }
    const claims: AccessTokenClaims = parsed.output
    // Never longer-lived than this issuer would sign (maxTokenAge already caps the age of iat).
    if (claims.exp - claims.iat > ttlSeconds) return { ok: false, reason: 'INVALID_CLAIMS' }
    return { ok: true, claims }
  }
}
