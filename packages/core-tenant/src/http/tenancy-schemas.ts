import { LocaleCodeSchema, type Tenant } from '../index'
import * as v from 'valibot'
import { listQuery, type Cursor } from '@rustok/http'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/

/** A tenant as the platform routes show it. */
export const TenantSchema = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  domain: v.nullable(v.string()),
  defaultLocale: v.string(),
  active: v.boolean(),
  settings: v.record(v.string(), v.unknown()),
  createdAt: v.string(),
  updatedAt: v.string(),
})

export type TenantItem = v.InferOutput<typeof TenantSchema>

export function toTenantItem(tenant: Tenant): TenantItem {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    domain: tenant.domain,
    defaultLocale: tenant.defaultLocale,
    active: tenant.active,
    settings: { ...tenant.settings },
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  }
}

// Cursors are opaque but not signed: a forged one must be a 400, never a cast error in SQL.
function fitsSort(cursor: Cursor | undefined, field: 'createdAt' | 'slug'): boolean {
  if (cursor === undefined) return true
  if (typeof cursor.value !== 'string' || !UUID.test(cursor.id)) return false
  return field === 'slug' || EXACT_INSTANT.test(cursor.value)
}

/** `GET /api/admin/tenants`: keyset pages, `active=true|false`, `q` searching slug and name. */
export const TenantListQuery = v.pipe(
  listQuery({
    sort: ['createdAt', 'slug'],
    defaultSort: '-createdAt',
    filters: {
      active: v.optional(
        v.pipe(
          v.picklist(['true', 'false'], 'Expected true or false'),
          v.transform((text) => text === 'true'),
        ),
      ),
      q: v.optional(
        v.pipe(v.string(), v.trim(), v.maxLength(100, 'Expected at most 100 characters')),
      ),
    },
  }),
  v.forward(
    v.check(
      (query) => fitsSort(query.cursor, query.sort.field),
      'Not a cursor this API issued for this sort: pass a nextCursor back unchanged',
    ),
    ['cursor'],
  ),
)

export const TenantIdParams = v.object({ id: v.pipe(v.string(), v.uuid('Expected a UUID')) })

/** A module a tenant can switch on and off. */
export const ModuleSchema = v.object({
  name: v.string(),
  description: v.string(),
  dependsOn: v.array(v.string()),
  enabled: v.boolean(),
})

export const ModuleChangeSchema = v.object({
  ...ModuleSchema.entries,
  changed: v.pipe(v.boolean(), v.description('False when the module already was in that state.')),
})

export const ModuleParams = v.object({
  name: v.pipe(v.string(), v.maxLength(64, 'Expected at most 64 characters')),
})

/** One locale of the current tenant. */
export const LocaleSchema = v.object({
  code: v.string(),
  fallback: v.pipe(
    v.nullable(v.string()),
    v.description('Locale tried next when a translation is missing; null goes to the default.'),
  ),
  enabled: v.boolean(),
  position: v.number(),
  isDefault: v.boolean(),
})

export const LocaleParams = v.object({ code: LocaleCodeSchema })

export const AddLocaleBody = v.object({
  code: LocaleCodeSchema,
  fallback: v.optional(v.nullable(LocaleCodeSchema)),
  position: v.optional(
    v.pipe(
      v.number('Expected a number'),
      v.safeInteger('Expected an integer'),
      v.minValue(0, 'Expected at least 0'),
      v.maxValue(10_000, 'Expected at most 10000'),
    ),
  ),
})

export const DefaultLocaleBody = v.object({ locale: LocaleCodeSchema })

export const FallbackBody = v.object({ fallback: v.nullable(LocaleCodeSchema) })

/** What `GET /api/tenant` answers: the current tenant as its own users may see it. */
export const CurrentTenantSchema = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  defaultLocale: v.string(),
  locales: v.pipe(
    v.array(v.object({ code: v.string(), fallback: v.nullable(v.string()) })),
    v.description('The enabled locales in display order.'),
  ),
})
