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
  }),
  {},
)
