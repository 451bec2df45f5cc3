import { createMemoryCache } from '@rustok/core-cache'
import type { Context } from 'hono'
import { requestHeader } from '@rustok/http'
import type { RateLimitKey } from './rate-limit'

const BEARER = /^Bearer\s+(\S+)\s*$/i
// Which user the pass before authentication counted, for the pass after it.
const COUNTED_USER = '@rustok/server:rate-limited-user'

function bearerOf(c: Context): string | undefined {
  const header = requestHeader(c, 'authorization')
  return header === undefined ? undefined : BEARER.exec(header)?.[1]
}

/** Options of {@link createRememberedUsers}. */
export interface RememberedUsersOptions {
  /** Tokens remembered at most. Default 10,000. */
  readonly maxSize?: number
  /** How long a token is remembered after it authenticated. Default 60 s. */
  readonly ttlMs?: number
}

/** The two keys of the per-user limit; see {@link createRememberedUsers}. */
export interface RememberedUsers {
  /**
   * Before authentication: the user a request's bearer token authenticated as before, if it is
   * remembered. Nothing is verified here; it only lets the first pass count the user too.
   */
  readonly beforeAuthentication: RateLimitKey
  /**
   * After authentication: the signed-in user, unless the first pass already counted them (then
   * `undefined`, so the request is counted once); remembers the token for the next request.
   */
  readonly afterAuthentication: RateLimitKey
}

/**
 * Lets the per-user limit be counted in the same pass as the address and tenant, before
 * authentication: a bearer token that authenticated recently is remembered with its user (in an
 * LRU of `maxSize`, for `ttlMs`), so its next requests are counted for that user at once. A
 * token not remembered (its first use, or an invalid one) is counted after authentication as
 * before. A remembered token that fails authentication later (expired, revoked, another tenant)
 * still counts against the user it belongs to, as it did when it was valid.
 *
 * @example
 * ```ts
 * const users = createRememberedUsers()
 * rateLimit({ store, limit, windowMs, keys: [ipKey()], also: [{ policy: 'user', limit, keys: [users.beforeAuthentication] }] })
 * rateLimit({ store, limit, windowMs, keys: [users.afterAuthentication], policy: 'user' })
 * ```
 */
export function createRememberedUsers(options: RememberedUsersOptions = {}): RememberedUsers {
  const { maxSize = 10_000, ttlMs = 60_000 } = options
  const users = createMemoryCache<string>({ maxSize, ttlMs })
  return {
    beforeAuthentication(c) {
      const token = bearerOf(c)
      const userId = token === undefined ? undefined : users.get(token)
      if (userId === undefined) return undefined
      c.set(COUNTED_USER as never, userId as never)
      return `user:${userId}`
    },
    afterAuthentication(c) {
      const userId: unknown = c.get('userId' as never)
      if (typeof userId !== 'string') return undefined
      const counted: unknown = c.get(COUNTED_USER as never)
      if (counted === userId) return undefined
      const token = bearerOf(c)
      if (token !== undefined) users.set(token, userId)
      return `user:${userId}`
    },
  }
}
