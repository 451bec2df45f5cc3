import { sql, type Transaction } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor, type EventSink } from '../catalogue/product-tx'
import type { Cart } from '../cart/cart-types'
import { reserveInTx } from '../inventory/reservations'
import type { CheckoutDeps } from './checkout-deps'
import { enterStep, leaveStep, type CheckoutRow } from './checkout-lease'

/**
 * The location a line is reserved at: the one with the most units available. A variant whose
 * stock is not managed needs none (`null`); one with no level anywhere is reserved at the
 * tenant's first location when it sells on backorder, and is out of stock otherwise.
 */
async function locationFor(
  trx: Transaction<CommerceTables>,
  line: { readonly tenantId: string; readonly variantId: string },
): Promise<string | null> {
  const variant = await trx
    .selectFrom('commerce_variants')
    .select(['manage_inventory', 'allow_backorder'])
    .where('tenant_id', '=', line.tenantId)
    .where('id', '=', line.variantId)
    .executeTakeFirst()
  if (!variant) throw new CommerceError('NOT_FOUND', `Variant ${line.variantId} is gone`)
  if (!variant.manage_inventory) return null
  const level = await trx
    .selectFrom('commerce_inventory_levels')
    .select('location_id')
    .where('tenant_id', '=', line.tenantId)
    .where('variant_id', '=', line.variantId)
    .orderBy(sql`stocked - reserved`, 'desc')
    .orderBy('location_id')
    .executeTakeFirst()
  if (level) return level.location_id
  const first = variant.allow_backorder
    ? await trx
        .selectFrom('commerce_stock_locations')
        .select('id')
        .where('tenant_id', '=', line.tenantId)
        .orderBy('id')
        .executeTakeFirst()
    : undefined
  if (!first)
    throw new CommerceError('INSUFFICIENT_INVENTORY', `Variant ${line.variantId} is out of stock`)
  return first.id
}

/** Reserves every line, all or none, in variant order (two checkouts never deadlock). */
async function reserveLines(
  trx: Transaction<CommerceTables>,
  events: EventSink,
  reserve: {
    readonly deps: CheckoutDeps
    readonly row: CheckoutRow
    readonly actor: CommerceActor
  },
): Promise<string[]> {
  const { deps, row, actor } = reserve
  const cart = row.snapshot as Cart
  const lines = [...cart.lines].sort((a, b) => a.variantId.localeCompare(b.variantId))
  const expiresAt = new Date(deps.now().getTime() + deps.holdMs)
  const ids: string[] = []
  for (const line of lines) {
    const tenantId = row.tenant_id
    const locationId = await locationFor(trx, { tenantId, variantId: line.variantId })
    if (locationId === null) continue
    const reservation = await reserveInTx(trx, events, {
      deps,
      ref: { tenantId, variantId: line.variantId, locationId },
      actor,
      input: { quantity: line.quantity, reference: `checkout:${row.id}`, expiresAt },
    })
    ids.push(reservation.id)
  }
  return ids
}

/** Step 1: hold the stock of every line; out of stock fails the checkout with nothing held. */
export async function reserveStep(
  deps: CheckoutDeps,
  step: { readonly row: CheckoutRow; readonly owner: string; readonly actor: CommerceActor },
): Promise<CheckoutRow> {
  const { row, owner, actor } = step
  return writeCommerceChange(deps, { tenantId: row.tenant_id, actor }, async (trx, events) => {
    await enterStep(trx, { deps, row, owner })
    const ids = await reserveLines(trx, events, { deps, row, actor })
    return leaveStep(trx, { deps, row, next: 'authorizing', set: { reservation_ids: ids } })
  })
}
