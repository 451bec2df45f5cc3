import type { Context, MiddlewareHandler } from 'hono'
import { problemResponse, setResponseHeader } from '@rustok/http'
import { hitInOrder, type RateLimitKeyHit, type RateLimitStore } from './rate-limit-store'

/** Picks one rate-limit key from a request, or `undefined` to skip this dimension. */
export type RateLimitKey = (c: Context) => string | undefined

/** One more limit counted in the same pass as the first (see {@link RateLimitOptions.also}). */
export interface RateLimitPolicy {
  /** The policy's name in the `RateLimit` headers and its keys' prefix. */
  readonly policy: string
  /** Requests allowed per key and window. */
  readonly limit: number
  readonly keys: readonly RateLimitKey[]
}

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
  /**
   * Policies checked in the same pass, after this one: every key of every policy goes to the
   * store in one call, and the response gets one item per policy in each header. As with
   * middleware stacked in this order, a request refused by an earlier policy's key is not counted
   * against the later ones (a flood from one address does not use up its tenant's budget).
   */
  readonly also?: readonly RateLimitPolicy[]
  readonly now?: () => number
}

interface CompiledPolicy extends RateLimitPolicy {
  /** `"<policy>";q=<limit>;w=<window>`, made once. */
  readonly item: string
  /** `<policy>:` for the store keys, made once. */
  readonly prefix: string
}

/**
 * Hono middleware: fixed-window limits per IP, user and tenant (A3). Every response carries the
 * IETF `RateLimit-Policy` and `RateLimit` headers, one item per policy for its tightest key; a
 * refused request gets 429 as problem+json with `Retry-After`. Several policies (a different
 * limit per dimension) are checked in one pass with `also`, or by stacking middleware; either
 * way each adds its item to the headers.
 *
 * @example
 * ```ts
 * app.use('/api/*', rateLimit({ store, limit: 100, windowMs: 60_000, keys: [ipKey(), userKey(), tenantKey()] }))
 * ```
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { store, limit, windowMs, keys, policy = 'default', also = [], now = Date.now } = options
  const windowSeconds = Math.ceil(windowMs / 1000)
  const policies: readonly CompiledPolicy[] = [{ policy, limit, keys }, ...also].map((p) => ({
    ...p,
    item: `"${p.policy}";q=${p.limit};w=${windowSeconds}`,
    prefix: `${p.policy}:`,
  }))
  // The common case, every policy with a key, gets its header made once.
  const everyPolicy = (1 << policies.length) - 1
  const allPolicies = policies.map((p) => p.item).join(', ')
  const policyHeader = (listed: number): string =>
    listed === everyPolicy
      ? allPolicies
      : policies
          .filter((_, index) => (listed & (1 << index)) !== 0)
          .map((p) => p.item)
          .join(', ')
  return async (c, next) => {
    const at = now()
    const counted: RateLimitKeyHit[] = []
    const owners: number[] = []
    for (let index = 0; index < policies.length; index++) {
      const compiled = policies[index] as CompiledPolicy
      for (const key of compiled.keys) {
        const name = key(c)
        if (name) {
          counted.push({ key: compiled.prefix + name, limit: compiled.limit })
          owners.push(index)
        }
      }
    }
    // A pass with no key for this request (no user yet, say) checks nothing and says nothing.
    if (counted.length === 0) return next()
    const hits = await hitInOrder(store, counted, { windowMs, now: at })
    // Per policy, the tightest key: the highest count, and its window's end.
    const counts = policies.map(() => 0)
    const resets = policies.map(() => at + windowMs)
    let refusedBy = -1
    // The policies the headers list: those with a key counted, up to the refusing one.
    let listed = 0
    for (let n = 0; n < hits.length; n++) {
      const hit = hits[n] as (typeof hits)[number]
      const owner = owners[n] as number
      listed |= 1 << owner
      if (hit.count > (counts[owner] as number)) {
        counts[owner] = hit.count
        resets[owner] = hit.resetAt
      }
      if (refusedBy === -1 && hit.count > (counted[n] as RateLimitKeyHit).limit) refusedBy = owner
    }
    let state = ''
    let retryAfter = 0
    for (let index = 0; index < policies.length; index++) {
      if ((listed & (1 << index)) === 0) continue
      const compiled = policies[index] as CompiledPolicy
      const remaining = Math.max(0, compiled.limit - (counts[index] as number))
      const resetSeconds = Math.max(0, Math.ceil(((resets[index] as number) - at) / 1000))
      if (index <= refusedBy || refusedBy === -1) retryAfter = resetSeconds
      state += `${state === '' ? '' : ', '}"${compiled.policy}";r=${remaining};t=${resetSeconds}`
    }
    // Appended: both fields are lists, so stacked policies (e.g. per user and per tenant) all show,
    // a refusal's included (so they do not go in the refusal itself, whose fields would win).
    const appendHeaders = () => {
      setResponseHeader(c, { name: 'RateLimit-Policy', value: policyHeader(listed), append: true })
      setResponseHeader(c, { name: 'RateLimit', value: state, append: true })
    }
    if (refusedBy !== -1) {
      const { limit: refusedLimit } = policies[refusedBy] as CompiledPolicy
      appendHeaders()
      return problemResponse(
        c,
        {
          code: 'RATE_LIMITED',
          detail: `More than ${refusedLimit} requests in ${windowSeconds} s. Retry after ${retryAfter} s.`,
        },
        { 'Retry-After': String(retryAfter) },
      )
    }
    await next()
    appendHeaders()
    return undefined
  }
}
