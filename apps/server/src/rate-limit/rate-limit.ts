import type { Context, MiddlewareHandler } from 'hono'
import { problemResponse } from '@rustok/http'
import type { RateLimitHit, RateLimitStore } from './rate-limit-store'

/** Picks one rate-limit key from a request, or `undefined` to skip this dimension. */
export type RateLimitKey = (c: Context) => string | undefined

/** Options for {@link rateLimit}. */
export interface RateLimitOptions {
  readonly store: RateLimitStore
  /** Requests allowed per key and window. */
  readonly limit: number
  readonly windowMs: number
  /** The dimensions counted; a request over the limit on any of them is refused. */
  readonly keys: readonly RateLimitKey[]
  /** The policy's name in the `RateLimit` headers. Default `default`. */
  readonly policy?: string
  readonly now?: () => number
}

/**
 * Hono middleware: fixed-window limits per IP, user and tenant (A3). Every response carries the
 * IETF `RateLimit-Policy` and `RateLimit` headers for the tightest key; a refused request gets
 * 429 as problem+json with `Retry-After`. Middleware with different policies can be stacked (a
 * different limit per dimension); each adds its item to the headers.
 *
 * @example
 * ```ts
 * app.use('/api/*', rateLimit({ store, limit: 100, windowMs: 60_000, keys: [ipKey(), userKey(), tenantKey()] }))
 * ```
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { store, limit, windowMs, keys, policy = 'default', now = Date.now } = options
  const windowSeconds = Math.ceil(windowMs / 1000)
  const policyHeader = `"${policy}";q=${limit};w=${windowSeconds}`
  return async (c, next) => {
    const at = now()
    const counting: Promise<RateLimitHit>[] = []
    for (const key of keys) {
      const name = key(c)
      if (name) counting.push(store.hit(`${policy}:${name}`, windowMs, at))
    }
    let tightest: RateLimitHit = { count: 0, resetAt: at + windowMs }
    for (const hit of await Promise.all(counting)) if (hit.count > tightest.count) tightest = hit
    const remaining = Math.max(0, limit - tightest.count)
    const resetSeconds = Math.max(0, Math.ceil((tightest.resetAt - at) / 1000))
    const state = `"${policy}";r=${remaining};t=${resetSeconds}`
    if (tightest.count > limit) {
      return problemResponse(
        c,
        {
          code: 'RATE_LIMITED',
          detail: `More than ${limit} requests in ${windowSeconds} s. Retry after ${resetSeconds} s.`,
        },
        { 'RateLimit-Policy': policyHeader, RateLimit: state, 'Retry-After': String(resetSeconds) },
      )
    }
    await next()
    // Appended: both fields are lists, so stacked policies (e.g. per user and per tenant) all show.
    const { headers } = c.res
    headers.append('RateLimit-Policy', policyHeader)
    headers.append('RateLimit', state)
    return undefined
  }
}
