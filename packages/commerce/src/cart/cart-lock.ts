import type { Kysely, Selectable } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import type { CommerceCartsTable } from './cart-tables'

/** A cart row, locked for the rest of the caller's transaction. */
export type LockedCart = Selectable<CommerceCartsTable>

/**
 * Locks an open cart of the tenant for a change (`FOR UPDATE`: changes to one cart queue, so
 * re-pricing and totals never interleave). `NOT_FOUND` when the tenant has no such cart or it
 * belongs to another customer than `customerId` (a guest's cart, `customer_id` null, is anyone's
 * who holds its id; `customerId: undefined` skips the owner check, for the checkout);
 * `INVALID_TRANSITION` when it is completed.
 */
export async function lockOpenCart(
  trx: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly cartId: string; readonly customerId?: string | null },
): Promise<LockedCart> {
  const row = await trx
    .selectFrom('commerce_carts')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.cartId)
    .forUpdate()
    .executeTakeFirst()
  if (!row || !ownedBy(row, ref.customerId))
    throw new CommerceError('NOT_FOUND', `Cart ${ref.cartId} not found`)
  if (row.status !== 'open')
    throw new CommerceError('INVALID_TRANSITION', `Cart ${ref.cartId} is completed`)
  return row
}

/** Whether the caller may see the cart: its owner, or anyone for a guest's cart. */
export function ownedBy(
  cart: { readonly customer_id: string | null },
  customerId: string | null | undefined,
): boolean {
  return customerId === undefined || cart.customer_id === null || cart.customer_id === customerId
}
