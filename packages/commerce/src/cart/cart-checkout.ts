import { createEnvelope, type EventContext } from '@rustok/core-events'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import type { EventWriter } from '../commerce-deps'
import { CommerceError, type CommerceFieldError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { cartCompleted } from '../events/cart-events'
import { lockOpenCart } from './cart-lock'
import { repriceCart } from './cart-pricing'
import { loadCart } from './cart-reads'
import type { Cart } from './cart-types'

/** A cart as the checkout takes it: fresh prices and totals, and the codes that apply. */
export interface CheckoutCart extends Cart {
  /** The codes to redeem ({@link redeemPromotion}), in the order they were applied. */
  readonly promotionCodes: readonly string[]
}

/**
 * Reads an open cart for checkout inside the checkout's transaction: locks it (`FOR UPDATE`, so no
 * change to it can interleave with the order being written), re-resolves every line's price and
 * totals it — the prices the order freezes. Refuses with `INVALID_INPUT` (field errors) a cart
 * without lines, without an e-mail or customer, or with a line no price or active product applies
 * to any more; `NOT_FOUND` for no such cart of the tenant; `INVALID_TRANSITION` once completed.
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   const cart = await loadCartForCheckout(trx, { tenantId, cartId })
 *   // … reserve cart.lines, write the order at cart.totals.total, redeem cart.promotionCodes …
 *   await markCartCompleted(trx, { tenantId, cartId, orderId })
 * })
 * ```
 */
export async function loadCartForCheckout(
  trx: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly cartId: string; readonly at?: Date },
): Promise<CheckoutCart> {
  const at = ref.at ?? new Date()
  const locked = await lockOpenCart(trx, ref)
  const unpriced = new Set(
    await repriceCart(trx, {
      tenantId: ref.tenantId,
      cartId: ref.cartId,
      regionId: locked.region_id,
      currency: locked.currency,
      at,
    }),
  )
  const cart = await loadCart(trx, { tenantId: ref.tenantId, cartId: ref.cartId, at })
  if (!cart) throw new CommerceError('NOT_FOUND', `Cart ${ref.cartId} not found`)
  const inactive = new Set(
    cart.lines.length === 0
      ? []
      : (
          await trx
            .selectFrom('commerce_products')
            .select('id')
            .where('tenant_id', '=', ref.tenantId)
            .where(
              'id',
              'in',
              cart.lines.map((line) => line.productId),
            )
            .where('status', '!=', 'active')
            .execute()
        ).map((row) => row.id),
  )
  const errors: CommerceFieldError[] = []
  if (cart.lines.length === 0) errors.push({ path: 'lines', message: 'the cart is empty' })
  if (cart.email === null && cart.customerId === null)
    errors.push({ path: 'email', message: 'a guest checks out with an e-mail' })
  cart.lines.forEach((line, index) => {
    if (unpriced.has(line.id))
      errors.push({ path: `lines.${index}`, message: "has no price in the cart's region any more" })
    else if (inactive.has(line.productId))
      errors.push({ path: `lines.${index}`, message: 'is no longer for sale' })
  })
  if (errors.length > 0)
    throw new CommerceError('INVALID_INPUT', `Cart ${ref.cartId} cannot be checked out`, { errors })
  return {
    ...cart,
    promotionCodes: cart.promotions.filter((p) => p.refusal === null).map((p) => p.code),
  }
}

/** What {@link markCartCompleted} takes. */
export interface MarkCartCompletedInput {
  readonly tenantId: string
  readonly cartId: string
  /** The order the cart became. */
  readonly orderId: string
  readonly at?: Date
  /** When given, `cart.completed` is written through it in the same transaction. */
  readonly events?: EventWriter
  readonly context?: Omit<EventContext, 'tenantId'>
  readonly newId?: () => string
}

/**
 * Marks an open cart completed with its order, in the caller's transaction: a conditional update
 * (`WHERE status = 'open'`), so of two checkouts of one cart only one completes it. `true` when
 * this call completed it; `false` when it was completed already (or is not the tenant's) — the
 * caller then rolls back its order.
 */
export async function markCartCompleted(
  trx: Kysely<CommerceTables>,
  input: MarkCartCompletedInput,
): Promise<boolean> {
  const at = input.at ?? new Date()
  const row = await trx
    .updateTable('commerce_carts')
    .set({ status: 'completed', completed_at: at, order_id: input.orderId, updated_at: at })
    .where('tenant_id', '=', input.tenantId)
    .where('id', '=', input.cartId)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst()
  if (!row) return false
  if (input.events)
    await input.events.publishInTx(trx, [
      createEnvelope(
        cartCompleted,
        { cartId: input.cartId, orderId: input.orderId },
        { ...input.context, tenantId: input.tenantId },
        { newId: input.newId ?? uuidv7, now: () => at },
      ),
    ])
  return true
}
