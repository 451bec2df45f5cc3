import { uniqueViolation } from '@rustok/core-db'
import { loadCartForCheckout } from '../cart/cart-checkout'
import { loadCart } from '../cart/cart-reads'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { CommerceError } from '../commerce-error'
import { checkoutStarted } from '../events/checkout-events'
import { readOrder } from '../orders/order-reads'
import type { Order } from '../orders/order-types'
import { providerOf } from '../payments/provider-call'
import type { CheckoutDeps } from './checkout-deps'
import { awaitCheckout } from './checkout-driver'
import { checkoutError, type CheckoutRow } from './checkout-lease'

/** A request to complete a cart. */
export interface CompleteCartCommand {
  readonly tenantId: string
  readonly cartId: string
  /** The signed-in customer, or `null` for a guest (a guest cart is addressed by its id). */
  readonly customerId: string | null
  /** The payment provider's id; default `manual`. */
  readonly provider?: string
  /** The request's `Idempotency-Key`: the same key never completes two checkouts. */
  readonly idempotencyKey?: string
  /** The order's e-mail when the cart has none: a signed-in customer's account e-mail. */
  readonly email?: string
  readonly actor: CommerceActor
}

/** A completed checkout: its id and the order it placed. */
export interface CheckoutResult {
  readonly checkoutId: string
  readonly order: Order
}

async function findBy(
  deps: CheckoutDeps,
  by: { readonly tenantId: string; readonly key?: string; readonly cartId?: string },
): Promise<CheckoutRow | undefined> {
  let query = deps.db
    .selectFrom('commerce_checkouts')
    .selectAll()
    .where('tenant_id', '=', by.tenantId)
  if (by.key !== undefined) query = query.where('idempotency_key', '=', by.key)
  if (by.cartId !== undefined)
    query = query.where('cart_id', '=', by.cartId).where('step', '<>', 'failed')
  return query.executeTakeFirst()
}

/** Follows an existing checkout to its end and answers as its first request did. */
async function outcomeOf(
  deps: CheckoutDeps,
  command: CompleteCartCommand,
  existing: CheckoutRow,
): Promise<CheckoutResult> {
  if (existing.cart_id !== command.cartId)
    throw new CommerceError('CONFLICT', 'This Idempotency-Key was used for another cart', {
      errors: [{ path: 'Idempotency-Key', message: 'already used for another cart' }],
    })
  const row = await awaitCheckout(deps, {
    tenantId: command.tenantId,
    id: existing.id,
    actor: command.actor,
  })
  if (!row)
    throw new CommerceError(
      'CONFLICT',
      'The checkout is still running; ask again with the same Idempotency-Key',
    )
  if (row.step === 'failed') throw checkoutError(row)
  const order = await readOrder(deps.db, { tenantId: command.tenantId, id: row.order_id ?? '' })
  return { checkoutId: row.id, order }
}

/**
 * Completes a cart: stores the checkout (the cart frozen as it is now) with `checkout.started`
 * in one transaction, then drives it — reserve all lines or none → authorise the payment →
 * place the order → confirm it — and returns the order. A failure compensates (reservations
 * released, authorisation voided) and throws its code: `INSUFFICIENT_INVENTORY`,
 * `PAYMENT_DECLINED`, `PAYMENT_FAILED`, `CONFLICT`. A process that dies midway leaves the rest to
 * the worker (the `checkout.started` handler and the recovery sweep).
 */
export async function completeCart(
  deps: CheckoutDeps,
  command: CompleteCartCommand,
): Promise<CheckoutResult> {
  const { tenantId, cartId, idempotencyKey } = command
  const providerId = command.provider ?? 'manual'
  providerOf(deps.payments, providerId)
  if (idempotencyKey !== undefined) {
    const existing = await findBy(deps, { tenantId, key: idempotencyKey })
    if (existing) return outcomeOf(deps, command, existing)
  }
  const cart = await loadCart(deps.db, { tenantId, cartId, at: deps.now() })
  if (!cart || (cart.customerId !== null && cart.customerId !== command.customerId))
    throw new CommerceError('NOT_FOUND', `Cart ${cartId} not found`)
  if (cart.status === 'completed') {
    const done = await findBy(deps, { tenantId, cartId })
    if (done) return outcomeOf(deps, command, done)
    throw new CommerceError('CONFLICT', 'The cart is already completed')
  }
  const email = cart.email ?? command.email ?? null
  if (email === null)
    throw new CommerceError('INVALID_INPUT', 'The cart needs an e-mail for the order', {
      errors: [{ path: 'email', message: 'an e-mail is needed to check out' }],
    })
  const id = deps.newId()
  try {
    await writeCommerceChange(deps, { tenantId, actor: command.actor }, async (trx, events) => {
      // The checkout row first, then the cart: the order every step takes its locks in (a
      // second request waiting on this row's unique keys never holds the cart meanwhile).
      await trx
        .insertInto('commerce_checkouts')
        .values({
          id,
          tenant_id: tenantId,
          cart_id: cartId,
          idempotency_key: idempotencyKey ?? null,
          step: 'reserving',
          provider: providerId,
          currency: cart.currency,
          total: 0,
          snapshot: '{}',
        })
        .execute()
      // Locked and re-priced: the prices and totals the order freezes.
      const frozen = await loadCartForCheckout(trx, { tenantId, cartId, at: deps.now() })
      await trx
        .updateTable('commerce_checkouts')
        .set({
          currency: frozen.currency,
          total: frozen.totals.total,
          snapshot: JSON.stringify({ ...frozen, email: frozen.email ?? email }),
        })
        .where('id', '=', id)
        .execute()
      events.add(checkoutStarted, { checkoutId: id, cartId })
    })
  } catch (error) {
    // Another request started this cart's checkout, or used this key, first: follow it.
    const constraint = uniqueViolation(error)
    if (constraint === undefined) throw error
    const existing =
      constraint === 'commerce_checkouts_idempotency'
        ? await findBy(deps, { tenantId, key: idempotencyKey ?? '' })
        : await findBy(deps, { tenantId, cartId })
    if (!existing) throw error
    return outcomeOf(deps, command, existing)
  }
  return outcomeOf(deps, command, { cart_id: cartId, id } as CheckoutRow)
}
