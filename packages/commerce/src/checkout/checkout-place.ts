import { sql, type Transaction } from 'kysely'
import type { CommerceActor } from '../catalogue/product-tx'
import { markCartCompleted, type CheckoutCart } from '../cart/cart-checkout'
import { redeemPromotion } from '../cart/promotion-redemption'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { orderPlaced } from '../events/order-events'
import { writeOrderChange } from '../orders/order-move'
import type { CheckoutDeps } from './checkout-deps'
import { enterStep, leaveStep, type CheckoutRow } from './checkout-lease'
import type { StepContext } from './checkout-steps'

/** The tenant's next order number: unique and rising (a rolled-back order leaves a gap). */
async function nextOrderNumber(
  trx: Transaction<CommerceTables>,
  tenantId: string,
): Promise<string> {
  const row = await trx
    .insertInto('commerce_order_counters')
    .values({ tenant_id: tenantId, last_number: 1001 })
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ last_number: sql`commerce_order_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return String(row.last_number)
}

/** The checkout's reservations are all still held, and now last until the order is paid. */
async function keepReservations(
  trx: Transaction<CommerceTables>,
  hold: { readonly deps: CheckoutDeps; readonly tenantId: string; readonly ids: readonly string[] },
): Promise<void> {
  const { deps, tenantId, ids } = hold
  if (ids.length === 0) return
  const kept = await trx
    .updateTable('commerce_reservations')
    .set({ expires_at: new Date(deps.now().getTime() + deps.orderHoldMs), updated_at: deps.now() })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .returning('id')
    .execute()
  if (kept.length !== ids.length)
    throw new CommerceError(
      'INSUFFICIENT_INVENTORY',
      'The held stock expired before the order was placed',
    )
}

/** Counts a use of each code that takes something off; a code used up meanwhile fails it. */
async function redeemCodes(
  trx: Transaction<CommerceTables>,
  redeem: {
    readonly deps: CheckoutDeps
    readonly cart: CheckoutCart
    readonly tenantId: string
    readonly orderId: string
    readonly actor: CommerceActor
  },
): Promise<string[]> {
  const { deps, cart, tenantId, orderId, actor } = redeem
  for (const code of cart.promotionCodes) {
    const result = await redeemPromotion(trx, {
      tenantId,
      code,
      customerId: cart.customerId,
      email: cart.email,
      currency: cart.currency,
      subtotal: cart.totals.subtotal,
      reference: orderId,
      at: deps.now(),
      events: deps.events,
      context: { actorId: actor.userId },
      newId: deps.newId,
    })
    if (!result.ok)
      throw new CommerceError(
        'CONFLICT',
        `The code ${code} can no longer be used (${result.reason})`,
      )
  }
  return [...cart.promotionCodes]
}

/**
 * Step 3: the order is created (pending) from the frozen cart, in one transaction with its
 * lines, the promotion redemptions, the payment's link, the cart's completion and `order.placed`.
 * Stock that expired or a code used up meanwhile fails it, and the checkout compensates.
 */
export function placeStep(deps: CheckoutDeps, step: StepContext): Promise<CheckoutRow> {
  const { row, owner, actor } = step
  const tenantId = row.tenant_id
  const cart = row.snapshot as CheckoutCart
  return writeOrderChange(deps, { tenantId, actor }, async (trx, events) => {
    await enterStep(trx, { deps, row, owner })
    await keepReservations(trx, { deps, tenantId, ids: row.reservation_ids })
    const orderId = deps.newId()
    const codes = await redeemCodes(trx, { deps, cart, tenantId, orderId, actor })
    const number = await nextOrderNumber(trx, tenantId)
    const at = deps.now()
    const { totals } = cart
    await trx
      .insertInto('commerce_orders')
      .values({
        id: orderId,
        tenant_id: tenantId,
        number,
        status: 'pending',
        checkout_id: row.id,
        cart_id: cart.id,
        customer_id: cart.customerId,
        email: (cart.email ?? '').toLowerCase(),
        region_id: cart.regionId,
        currency: cart.currency,
        tax_inclusive: totals.taxIncluded,
        subtotal: totals.subtotal,
        discount_total: totals.discountTotal,
        tax_total: totals.taxTotal,
        shipping_total: totals.shippingTotal,
        total: totals.total,
        shipping_address: cart.shippingAddress && JSON.stringify(cart.shippingAddress),
        billing_address: cart.billingAddress && JSON.stringify(cart.billingAddress),
        promotion_codes: codes,
        created_at: at,
        updated_at: at,
      })
      .execute()
    const reservations = await trx
      .selectFrom('commerce_reservations')
      .select(['id', 'variant_id'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', row.reservation_ids.length > 0 ? row.reservation_ids : [orderId])
      .execute()
    const reservationOf = new Map(reservations.map((r) => [r.variant_id, r.id]))
    // A line's title is its product's, in the first locale it has (the order keeps it as sold).
    const products = await trx
      .selectFrom('commerce_variants as v')
      .innerJoin('commerce_product_translations as t', (join) =>
        join.onRef('t.tenant_id', '=', 'v.tenant_id').onRef('t.product_id', '=', 'v.product_id'),
      )
      .distinctOn('v.id')
      .select(['v.id', 'v.sku', 't.title'])
      .where('v.tenant_id', '=', tenantId)
      .where(
        'v.id',
        'in',
        cart.lines.map((line) => line.variantId),
      )
      .orderBy('v.id')
      .orderBy('t.locale')
      .execute()
    const variantOf = new Map(products.map((p) => [p.id, p]))
    if (cart.lines.length > 0)
      await trx
        .insertInto('commerce_order_lines')
        .values(
          cart.lines.map((line, position) => ({
            id: deps.newId(),
            tenant_id: tenantId,
            order_id: orderId,
            position,
            variant_id: line.variantId,
            product_id: line.productId,
            title: variantOf.get(line.variantId)?.title ?? line.variantId,
            sku: variantOf.get(line.variantId)?.sku ?? null,
            quantity: line.quantity,
            unit_price: line.unitPrice,
            compare_at: line.compareAt,
            discount_total: line.discount,
            tax_total: line.tax,
            total: line.total,
            reservation_id: reservationOf.get(line.variantId) ?? null,
          })),
        )
        .execute()
    await trx
      .updateTable('commerce_payments')
      .set({ order_id: orderId, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('checkout_id', '=', row.id)
      .execute()
    const completed = await markCartCompleted(trx, {
      tenantId,
      cartId: cart.id,
      orderId,
      at,
      events: deps.events,
      context: { actorId: actor.userId },
      newId: deps.newId,
    })
    if (!completed) throw new CommerceError('CONFLICT', 'The cart was already completed')
    events.add(orderPlaced, {
      orderId,
      ...(cart.customerId === null ? {} : { customerId: cart.customerId }),
      total: totals.total,
      currency: cart.currency,
    })
    return leaveStep(trx, { deps, row, next: 'confirming', set: { order_id: orderId } })
  })
}
