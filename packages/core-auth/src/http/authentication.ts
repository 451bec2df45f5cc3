import type { AccessTokens } from '../index'
import type { MiddlewareHandler } from 'hono'
import { problemResponse, requestHeader, type AppEnv } from '@rustok/http'

const BEARER = /^Bearer\s+([\w.~+/-]+=*)\s*$/i

/**
 * Requires `Authorization: Bearer <access token>` bound to the request's tenant and to a live
 * session, and sets `principal` and `userId`. Any failure is the same 401 with a
 * `WWW-Authenticate` challenge (RFC 6750); the reason is not told to the caller.
 */
export function authenticate(tokens: Pick<AccessTokens, 'verify'>): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const match = BEARER.exec(requestHeader(c, 'authorization') ?? '')
    const challenge = match
      ? 'Bearer realm="rustok", error="invalid_token"'
      : 'Bearer realm="rustok"'
    const verification = match
      ? await tokens.verify(match[1] ?? '', { tenantId: c.get('tenantId') })
      : undefined
    if (!verification?.ok) {
      return problemResponse(
        c,
        {
          code: 'UNAUTHORIZED',
          detail: match ? 'The access token is not valid here.' : 'Sign in: send a bearer token.',
        },
        { 'WWW-Authenticate': challenge },
      )
    }
    const { sub, tid, sid, role } = verification.claims
    c.set('principal', { userId: sub, tenantId: tid, sessionId: sid, role })
    c.set('userId', sub)
    return next()
  }
}
