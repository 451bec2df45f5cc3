import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { problemResponse } from '@rustok/http'
import type { AppEnv } from '@rustok/http'
import type { IdempotencyScope, IdempotencyStore, StoredResponse } from './idempotency-store'

/** The request header, and the header a replayed response carries. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed'

// Printable ASCII, as Stripe and the IETF draft expect; long enough for a UUID or a ULID with a prefix.
const VALID_KEY = /^[\x20-\x7e]{1,255}$/
// Only headers that describe the result are replayed; per-request ones (trace, rate limit) are not.
const STORED_HEADERS = ['content-type', 'location'] as const

/** Options of {@link idempotency}. */
export interface IdempotencyOptions {
  readonly store: IdempotencyStore
  /** How long a response is replayed. Default 24 h. */
  readonly ttlMs?: number
  /** How long a running request holds its key; a claim of a crashed process lapses. Default 60 s. */
  readonly lockMs?: number
  readonly now?: () => number
}

/**
 * Who the key belongs to: the signed-in user; on a public route that reads an optional bearer
 * token itself (a storefront cart: authentication has not run, so there is no user yet), the
 * credential, by its hash; else `anonymous`. Without the credential, a guest sending a customer's
 * key and body would be replayed the customer's response. A retry with a refreshed token is a new
 * scope there, and runs again.
 */
function principalOf(c: Context<AppEnv>): string {
  const userId: unknown = c.get('userId')
  if (typeof userId === 'string') return userId
  const credential = c.req.header('authorization')
  if (credential === undefined) return 'anonymous'
  return `credential:${createHash('sha256').update(credential).digest('base64url')}`
}

function scopeOf(c: Context<AppEnv>, key: string): IdempotencyScope {
  const tenantId: unknown = c.get('tenantId')
  return { tenantId: typeof tenantId === 'string' ? tenantId : '', principal: principalOf(c), key }
}

async function fingerprintOf(c: Context<AppEnv>): Promise<string> {
  const url = new URL(c.req.url)
  return createHash('sha256')
    .update(`${c.req.method} ${url.pathname}${url.search}\n`)
    .update(await c.req.text())
    .digest('hex')
}

async function storedResponse(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {}
  for (const name of STORED_HEADERS) {
    const value = response.headers.get(name)
    if (value !== null) headers[name] = value
  }
  const body = new Uint8Array(await response.clone().arrayBuffer())
  return { status: response.status, headers, body }
}

function replay(response: StoredResponse): Response {
  const body = response.body.length === 0 ? null : response.body
  return new Response(body, {
    status: response.status,
    headers: { ...response.headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' },
  })
}

/**
 * Honours the `Idempotency-Key` header on a mutating route: the first request with a key runs
 * and its response is stored; the same request again (same method, path, query and raw body)
 * gets the stored response with `Idempotent-Replayed: true` instead of running twice. The key is
 * scoped to the tenant and the signed-in user (on a public route, the bearer credential sent, if
 * any; a guest's key is its only secret, so it should be random). A key reused for a different request is 422
 * `IDEMPOTENCY_KEY_REUSED`; a key whose first request is still running is 409 `CONFLICT`
 * (retryable). 5xx responses and thrown errors are not stored, so a retry runs again: a thrown
 * error is never stored, even one the error handler answers with a 4xx (ADR 0013).
 *
 * The framework places it after validation, so a request that fails its schema never claims a key.
 *
 * @example
 * ```ts
 * const pipeline = { ...rest, idempotency: idempotency({ store: createPostgresIdempotencyStore(db) }) }
 * ```
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  const { store, ttlMs = 86_400_000, lockMs = 60_000, now = Date.now } = options
  return async function idempotency(c, next) {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER)
    if (key === undefined) return next()
    if (!VALID_KEY.test(key)) {
      return problemResponse(c, {
        code: 'INVALID_INPUT',
        errors: [
          {
            path: `headers.${IDEMPOTENCY_KEY_HEADER}`,
            message: 'must be 1 to 255 printable ASCII characters',
          },
        ],
      })
    }
    const scope = scopeOf(c, key)
    const begun = await store.begin({
      scope,
      fingerprint: await fingerprintOf(c),
      now: now(),
      lockMs,
    })
    switch (begun.outcome) {
      case 'replay':
        return replay(begun.response)
      case 'mismatch':
        return problemResponse(c, {
          code: 'IDEMPOTENCY_KEY_REUSED',
          detail: 'This Idempotency-Key was used for a different request. Use a new key.',
        })
      case 'in-progress':
        return problemResponse(
          c,
          {
            code: 'CONFLICT',
            detail: 'A request with this Idempotency-Key is still being processed.',
            retryable: true,
          },
          { 'Retry-After': '1' },
        )
      case 'started':
        break
    }
    const { token } = begun
    let completed = false
    try {
      await next()
      // A thrown error reaches here already answered by the error handler (Hono sets `c.error`);
      // its status may be a 4xx, but the request did not run to its end: a retry must run again.
      if (c.res.status < 500 && c.error === undefined) {
        await store.complete({
          scope,
          token,
          response: await storedResponse(c.res),
          now: now(),
          ttlMs,
        })
        completed = true
      }
    } finally {
      if (!completed) await store.release({ scope, token })
    }
    return undefined
  }
}
