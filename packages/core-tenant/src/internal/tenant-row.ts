import type { Selectable } from 'kysely'
import type { Tenant } from '../tenant'
import type { TenantsTable } from '../tenant-tables'

/** Maps a `tenants` row to a {@link Tenant}. */
export function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    domain: row.domain,
    defaultLocale: row.default_locale,
    active: row.active,
    settings: row.settings,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }
}
