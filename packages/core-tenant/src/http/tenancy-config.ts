import { TrustedProxiesSchema, type TrustedProxies } from '@rustok/http'
import * as v from 'valibot'

/** How a request names its tenant: a header (`x-tenant-id`) or the request's host name. */
export type TenancyMode = 'header' | 'host'

/** How the tenant of a request is found: the tenancy module's settings (`config.tenancy`). */
export interface TenancyConfig {
  /** Tried in order; the first that names a tenant wins. */
  readonly modes: readonly TenancyMode[]
  /** Header read by the `header` mode, lower case. */
  readonly headerName: string
  /** With `host` mode, `acme.<baseDomain>` names the tenant `acme`. */
  readonly baseDomain?: string
  /** The tenant used when no mode names one. */
  readonly defaultTenant?: string
  /**
   * The proxies in front of the app (a hop count or a list of addresses and CIDR ranges; see
   * `clientAddress` in `@rustok/http`). `X-Forwarded-Host` and `Forwarded` name the host only on a
   * request that came through one of them. Default 0: never.
   */
  readonly trustedProxies: TrustedProxies
}

/** Validates the tenancy module's settings and fills the defaults (header, then host). */
export const TenancyConfigSchema: v.GenericSchema<
  Partial<TenancyConfig> | undefined,
  TenancyConfig
> = v.optional(
  v.object({
    modes: v.optional(v.pipe(v.array(v.picklist(['header', 'host'])), v.minLength(1)), () => [
      'header' as const,
      'host' as const,
    ]),
    headerName: v.optional(v.pipe(v.string(), v.nonEmpty(), v.toLowerCase()), 'x-tenant-id'),
    baseDomain: v.optional(v.pipe(v.string(), v.nonEmpty())),
    defaultTenant: v.optional(v.pipe(v.string(), v.nonEmpty())),
    trustedProxies: v.optional(TrustedProxiesSchema, 0),
  }),
  {},
)
