import slugify from '@sindresorhus/slugify'
import type { Kysely } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'

/** `INVALID_INPUT` about one field. */
export const invalid = (path: string, message: string): CommerceError =>
  new CommerceError('INVALID_INPUT', `${path}: ${message}`, { errors: [{ path, message }] })

/** A handle from a title: transliterated, lowercase, dashes (`Летняя коллекция` → `letnyaya-kollektsiya`). */
export function handleFrom(title: string, fallback: string): string {
  return slugify(title).slice(0, 200).replace(/-+$/, '') || fallback
}

/**
 * Checks that every id in `productIds` is a product of the tenant and holds them (key share)
 * for the change: one query. The composite foreign key would refuse a foreign one anyway; this
 * names which, as a field error.
 */
export async function assertTenantProducts(
  trx: Kysely<CommerceTables>,
  scope: { readonly tenantId: string; readonly path: string },
  productIds: readonly string[],
): Promise<void> {
  if (productIds.length === 0) return
  // Key-share locks, taken before any link row is touched: a product being deleted meanwhile
  // then waits for this change (or this change for its delete) instead of both deadlocking over
  // the link rows its delete cascades to.
  const found = await trx
    .selectFrom('commerce_products')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('id', 'in', productIds)
    .orderBy('id')
    .forKeyShare()
    .execute()
  const known = new Set(found.map((row) => row.id))
  const missing = productIds.findIndex((id) => !known.has(id))
  if (missing >= 0) throw invalid(`${scope.path}.${missing}`, 'is not a product of this tenant')
}
