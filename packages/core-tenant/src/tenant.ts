import type { TenantIdentifier } from './tenant-identifier'

/** A tenant as the rest of the platform sees it. */
export interface Tenant {
  readonly id: string
  /** Unique, normalised slug. */
  readonly slug: string
  readonly name: string
  /** The tenant's own host name, or `null`. */
  readonly domain: string | null
  /** Locale used when a request names none, and the last step of every fallback chain. */
  readonly defaultLocale: string
  /** A disabled tenant still exists but resolves to 403. */
  readonly active: boolean
  readonly settings: Readonly<Record<string, unknown>>
  readonly createdAt: Date
  readonly updatedAt: Date
}

/** Finds a tenant by a validated identifier; the port the resolver and the tenant cache use. */
export interface TenantLookup {
  /** The tenant named by `identifier`, or `undefined` when there is none. Infrastructure errors throw. */
  find(identifier: TenantIdentifier): Promise<Tenant | undefined>
}
