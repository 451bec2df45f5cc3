import type { TenantRequest, TenantResolver } from '../index'
import type { Context, MiddlewareHandler } from 'hono'
import {
  problemResponse,
  requestHeaders,
  viaTrustedProxy,
  type AppEnv,
  type ClientAddressOptions,
  type RequestHeaderReader,
} from '@rustok/http'

/**
 * What the resolver reads of one request. A class, not an object literal with `get host()`: a
 * literal's getter is a new closure each request, kept from V8's old space by the object's
 * accessor, so the whole request (context, node request and response) outlived every young
 * collection and was promoted, and the young collections slowed tenfold (issue 11, ADR 0040).
 * A class's getter is one function on its prototype.
 */
class HonoTenantRequest implements TenantRequest {
  readonly headers: RequestHeaderReader
  readonly viaTrustedProxy: boolean
  readonly #c: Context

  constructor(c: Context, options: ClientAddressOptions) {
    this.#c = c
    this.headers = requestHeaders(c)
    this.viaTrustedProxy = viaTrustedProxy(c, options)
  }

  // Read only when no header names the host: parsing the URL on every request is wasted.
  get host(): string {
    return new URL(this.#c.req.url).host
  }
}

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
    const resolution = await resolver.resolve(new HonoTenantRequest(c, options))
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
