import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

/**
 * `0005_storefront_handles`: a storefront finds a product by its handle in any locale; the unique
 * key (tenant, locale, handle) cannot serve that without the locale, so every lookup scanned the
 * tenant's translations (11 ms at 10,000 products on PostgreSQL).
 */
export async function storefrontHandlesMigration(db: Kysely<any>): Promise<void> {
  await sql`create index commerce_product_translations_handle
    on commerce_product_translations (tenant_id, handle)`.execute(db)
}
