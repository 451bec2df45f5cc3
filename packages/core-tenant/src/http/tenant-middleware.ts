import type { TenantResolver } from '../index'
import type { MiddlewareHandler } from 'hono'
import {
  problemResponse,
  requestHeaders,
  viaTrustedProxy,
  type AppEnv,
  type ClientAddressOptions,
} from '@rustok/http'

/**
 * Resolves the request's tenant (header, then host, per configuration) and sets `tenant` and
 * `tenantId`. No tenant named and no default: 400; unknown: 404; disabled: 403 (requirement T1).
 * The forwarded host headers count only on a request from one of `options.trustedProxies`.
 */
export function resolveTenant(
  resolver: TenantResolver,
  options: ClientAddressOptions = {},
): MiddlewareHandler<AppEnv> {
  return async function resolveTenant(c, next) {
    const resolution = await resolver.resolve({
      headers: requestHeaders(c),
      viaTrustedProxy: viaTrustedProxy(c, options),
      // Read only when no header names the host: parsing the URL on every request is wasted.
      get host() {
        return new URL(c.req.url).host
      },
    })
    if (!resolution.ok) {
      return problemResponse(c, {
        code: resolution.code,
        status: resolution.status,
        detail: resolution.message,
      })
    }
    c.set('tenant', resolution.tenant)
    c.set('tenantId', resolution.tenant.id)
    return next()
  }
}
