import type { ColumnType } from 'kysely'

/** A `jsonb` column holding an object: read as an object, written as its JSON text. */
export type JsonObjectColumn = ColumnType<Record<string, unknown>, string, string>

/** `tenants`: one row per tenant. */
export interface TenantsTable {
  id: string
  /** Unique, validated by `validateSlug`. */
  slug: string
  name: string
  /** The tenant's own host name (unique), or `null`. */
  domain: string | null
  default_locale: string
  active: boolean
  settings: JsonObjectColumn
  created_at: ColumnType<Date, Date, Date>
  updated_at: ColumnType<Date, Date, Date>
}

/** `tenant_locales`: the locales a tenant offers, each with an optional fallback locale. */
export interface TenantLocalesTable {
  tenant_id: string
  locale: string
  /** Locale to try when a translation is missing in this one; `null` ends the chain. */
  fallback: string | null
  enabled: boolean
  /** Display order, ascending. */
  position: number
}

/** `tenant_modules`: which modules a tenant has enabled. No row means disabled. */
export interface TenantModulesTable {
  tenant_id: string
  module: string
  enabled: boolean
  settings: JsonObjectColumn
  updated_at: ColumnType<Date, Date, Date>
}

/** The tables of `@rustok/core-tenant`, to intersect with an application's own `DB` type. */
export interface TenantTables {
  tenants: TenantsTable
  tenant_locales: TenantLocalesTable
  tenant_modules: TenantModulesTable
}

export type { AnyKysely } from '@rustok/core-db'
