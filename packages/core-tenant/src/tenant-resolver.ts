import { CoreTenantError } from './core-tenant-error'
import { requestHost, type TenantRequest } from './request-host'
import type { Tenant, TenantLookup } from './tenant'
import { classifyIdentifier, isMachineHost, validateHost, validateSlug } from './tenant-identifier'
import type { IdentifierResult, TenantIdentifier } from './tenant-identifier'

/**
 * Where the resolver looks for the tenant: `header` (uuid or slug in `headerName`), `host` (exact
 * match on a tenant's domain; an IP address or `localhost` names none), `subdomain` (the label
 * left of `baseDomain` is a slug).
 */
export type ResolutionMode = 'header' | 'host' | 'subdomain'

/** Dependencies and settings of {@link createTenantResolver}. */
export interface TenantResolverOptions {
  /** Where tenants are found: the tenant cache (normally) or the store. */
  readonly lookup: TenantLookup
  /** Modes tried in order; the first that finds an identifier in the request decides. */
  readonly modes: readonly ResolutionMode[]
  /** Header of the `header` mode. Default `x-tenant-id`. */
  readonly headerName?: string
  /** Required by the `subdomain` mode: `acme.shop.example` → slug `acme` for `shop.example`. */
  readonly baseDomain?: string
  /**
   * Uuid or slug of the tenant used when no mode finds an identifier. Without it such a request
   * is refused with 400: there is no silent default tenant.
   */
  readonly defaultTenant?: string
  /**
   * Read `X-Forwarded-Host` and `Forwarded` for the `host` and `subdomain` modes. Default false:
   * any client can send them, so only a trusted proxy's word counts. A request's own
   * `viaTrustedProxy` (decided from the socket by the HTTP layer) overrides it.
   */
  readonly trustForwarded?: boolean
}

/** Why a request got no tenant: 400 missing or invalid, 403 disabled, 404 unknown. */
export type TenantResolutionFailure =
  | {
      readonly ok: false
      readonly status: 400
      readonly code: 'INVALID_INPUT'
      readonly reason: 'MISSING' | 'INVALID'
      readonly message: string
    }
  | {
      readonly ok: false
      readonly status: 403
      readonly code: 'FORBIDDEN'
      readonly reason: 'DISABLED'
      readonly message: string
    }
  | {
      readonly ok: false
      readonly status: 404
      readonly code: 'NOT_FOUND'
      readonly reason: 'UNKNOWN'
      readonly message: string
    }

/** Outcome of {@link TenantResolver.resolve}; `via` tells which mode (or the default) matched. */
export type TenantResolution =
  | { readonly ok: true; readonly tenant: Tenant; readonly via: ResolutionMode | 'default' }
  | TenantResolutionFailure

/** Finds the tenant of a request. */
export interface TenantResolver {
  /** Resolves `request`; lookup (database) errors throw. */
  resolve(request: TenantRequest): Promise<TenantResolution>
}

type Found = { mode: ResolutionMode | 'default'; result: IdentifierResult } | undefined

function invalid(message: string): TenantResolutionFailure {
  return { ok: false, status: 400, code: 'INVALID_INPUT', reason: 'INVALID', message }
}

function classifyHeader(value: string): IdentifierResult {
  const result = classifyIdentifier(value)
  // A header names a tenant by id or slug; a dotted value is neither.
  return result.ok && result.kind === 'host' ? validateSlug(value) : result
}

/**
 * Creates the per-request tenant resolver (T1). Framework-free: the server adapts it to Hono and
 * maps the failure's `status` to the response.
 *
 * @example
 * ```ts
 * const resolver = createTenantResolver({ lookup: tenantCache, modes: ['header', 'subdomain', 'host'], baseDomain: 'rustok.app' })
 * const result = await resolver.resolve({ headers: c.req.raw.headers })
 * if (!result.ok) return c.json({ code: result.code, message: result.message }, result.status)
 * c.set('tenant', result.tenant)
 * ```
 */
export function createTenantResolver({
  lookup,
  modes,
  headerName = 'x-tenant-id',
  baseDomain,
  defaultTenant,
  trustForwarded = false,
}: TenantResolverOptions): TenantResolver {
  if (modes.length === 0) throw new CoreTenantError('INVALID_INPUT', 'modes must not be empty')
  let base: string | undefined
  if (baseDomain !== undefined) {
    const checked = validateHost(baseDomain)
    // `acme.localhost` is a fine tenant subdomain in development, so the base may be localhost.
    const local = baseDomain.trim().toLowerCase() === 'localhost'
    if (!checked.ok && !local) {
      throw new CoreTenantError('INVALID_INPUT', `baseDomain: ${checked.message}`)
    }
    base = checked.ok ? checked.value : 'localhost'
  } else if (modes.includes('subdomain')) {
    throw new CoreTenantError('INVALID_INPUT', 'the subdomain mode needs a baseDomain')
  }
  let fallback: TenantIdentifier | undefined
  if (defaultTenant !== undefined) {
    const checked = classifyHeader(defaultTenant)
    if (!checked.ok) throw new CoreTenantError('INVALID_INPUT', `defaultTenant: ${checked.message}`)
    fallback = checked
  }

  const identify = (mode: ResolutionMode, request: TenantRequest): Found => {
    switch (mode) {
      case 'header': {
        const value = request.headers.get(headerName)?.trim()
        return value ? { mode, result: classifyHeader(value) } : undefined
      }
      case 'host': {
        const host = requestHost(request, request.viaTrustedProxy ?? trustForwarded)
        // Addressed by IP or as localhost, the request names no tenant: the next mode decides.
        if (host === undefined || isMachineHost(host)) return undefined
        return { mode, result: validateHost(host) }
      }
      case 'subdomain': {
        const host = requestHost(request, request.viaTrustedProxy ?? trustForwarded)?.toLowerCase()
        const suffix = `.${base ?? ''}`
        if (host === undefined || !host.endsWith(suffix)) return undefined
        const label = host.slice(0, -suffix.length)
        // Only one label: `a.b.base` is not a tenant subdomain.
        return label.includes('.') ? undefined : { mode, result: validateSlug(label) }
      }
    }
  }

  return {
    async resolve(request) {
      let found: Found
      for (const mode of modes) {
        found = identify(mode, request)
        if (found) break
      }
      if (!found && fallback) found = { mode: 'default', result: { ok: true, ...fallback } }
      if (!found) {
        return {
          ok: false,
          status: 400,
          code: 'INVALID_INPUT',
          reason: 'MISSING',
          message: 'The request does not name a tenant',
        }
      }
      const { mode, result } = found
      if (!result.ok) return invalid(result.message)
      const tenant = await lookup.find({ kind: result.kind, value: result.value })
      if (!tenant) {
        return {
          ok: false,
          status: 404,
          code: 'NOT_FOUND',
          reason: 'UNKNOWN',
          message: 'Tenant not found',
        }
      }
      if (!tenant.active) {
        return {
          ok: false,
          status: 403,
          code: 'FORBIDDEN',
          reason: 'DISABLED',
          message: 'Tenant is disabled',
        }
      }
      return { ok: true, tenant, via: mode }
    },
  }
}
