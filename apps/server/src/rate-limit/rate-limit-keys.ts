import { clientAddress, type ClientAddressOptions } from '@rustok/http'
import type { Context } from 'hono'
import type { RateLimitKey } from './rate-limit'

/**
 * The client IP, as `clientAddress` from `@rustok/http` finds it: the socket's address, or,
 * behind `trustedProxies` (a hop count or a list of proxy addresses and ranges), the client the
 * proxies forwarded in `X-Forwarded-For` (a client can forge the left part, never theirs).
 */
export function ipKey({ trustedProxies = 0 }: ClientAddressOptions = {}): RateLimitKey {
  return (c: Context) => {
    const address = clientAddress(c, { trustedProxies })
    return address ? `ip:${address}` : 'ip:unknown'
  }
}

/** The authenticated user, read from the context variable `name` (set by the auth middleware). */
export function userKey(name = 'userId'): RateLimitKey {
  return (c: Context) => {
    const value: unknown = c.get(name as never)
    return typeof value === 'string' ? `user:${value}` : undefined
  }
}

/** The resolved tenant, read from the context variable `name` (set by tenant resolution). */
export function tenantKey(name = 'tenantId'): RateLimitKey {
  return (c: Context) => {
    const value: unknown = c.get(name as never)
    return typeof value === 'string' ? `tenant:${value}` : undefined
  }
}
