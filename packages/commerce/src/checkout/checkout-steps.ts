import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { CommerceError, isCommerceError } from '../commerce-error'
import { checkoutFailed } from '../events/checkout-events'
import { orderConfirmed } from '../events/order-lifecycle-events'
import { moveOrder, writeOrderChange } from '../orders/order-move'
import { endOrderReservations } from '../orders/order-stock'
import { callProvider, providerOf } from '../payments/provider-call'
import type { CheckoutDeps } from './checkout-deps'
import { enterStep, leaveStep, type CheckoutRow } from './checkout-lease'

/** A step's context: the row as claimed, the driver holding it, who asked. */
export interface StepContext {
  readonly row: CheckoutRow
  readonly owner: string
  readonly actor: CommerceActor
}

/** Sends the checkout to compensation with the error that stopped it. */
export function toCompensating(
  deps: CheckoutDeps,
  step: StepContext & { readonly error: CommerceError },
): Promise<CheckoutRow> {
  const { row, owner, actor, error } = step
  return writeCommerceChange(deps, { tenantId: row.tenant_id, actor }, async (trx) => {
    await enterStep(trx, { deps, row, owner })
    return leaveStep(trx, {
      deps,
      row,
      next: 'compensating',
      set: { error_code: error.code, error_message: error.message.slice(0, 1000) },
    })
  })
}

/**
 * Step 2: authorise the total at the provider, keyed by the checkout (a resumed checkout asks
 * again and gets the same authorisation). A refusal or a failure sends it to compensation.
 */
export async function authorizeStep(deps: CheckoutDeps, step: StepContext): Promise<CheckoutRow> {
  const { row, owner, actor } = step
  const amount = Number(row.total)
  const provider = providerOf(deps.payments, row.provider)
  let providerRef: string | null = null
  if (amount > 0) {
    let result
    try {
      result = await callProvider(deps.payments, 'authorise the payment', () =>
        provider.authorize({
          idempotencyKey: row.id,
          tenantId: row.tenant_id,
          amount,
          currency: row.currency,
          reference: row.cart_id,
        }),
      )
    } catch (error) {
      if (!isCommerceError(error)) throw error
      return toCompensating(deps, { ...step, error })
    }
    if (result.outcome === 'declined')
      return toCompensating(deps, {
        ...step,
        error: new CommerceError('PAYMENT_DECLINED', `The payment was declined: ${result.reason}`),
      })
    providerRef = result.providerRef
  }
  return writeCommerceChange(deps, { tenantId: row.tenant_id, actor }, async (trx) => {
    await enterStep(trx, { deps, row, owner })
    const paymentId = deps.newId()
    await trx
      .insertInto('commerce_payments')
      .values({
        id: paymentId,
        tenant_id: row.tenant_id,
        checkout_id: row.id,
        provider: row.provider,
        provider_ref: providerRef,
        status: 'authorized',
        amount,
        currency: row.currency,
      })
      .execute()
    return leaveStep(trx, { deps, row, next: 'placing', set: { payment_id: paymentId } })
  })
}

/** Step 4: the placed order is confirmed (pending → confirmed); the checkout is complete. */
export function confirmStep(deps: CheckoutDeps, step: StepContext): Promise<CheckoutRow> {
  const { row, owner, actor } = step
  return writeOrderChange(deps, { tenantId: row.tenant_id, actor }, async (trx, events) => {
    await enterStep(trx, { deps, row, owner })
    const at = deps.now()
    const order = await moveOrder(trx, {
      tenantId: row.tenant_id,
      id: row.order_id ?? '',
      transition: 'confirm',
      at,
      set: { confirmed_at: at },
    })
    events.add(orderConfirmed, { orderId: order.id, number: order.number })
    return leaveStep(trx, { deps, row, next: 'completed' })
  })
}

/**
 * Compensation: the authorisation is voided (by the checkout's key, so one made by a call that
 * timed out is voided too) and the reservations released; then the checkout has failed. A void
 * that fails leaves it compensating, for the next driver to try again.
 */
export async function compensateStep(deps: CheckoutDeps, step: StepContext): Promise<CheckoutRow> {
  const { row, owner, actor } = step
  const provider = providerOf(deps.payments, row.provider)
  await callProvider(deps.payments, 'void the authorisation', () =>
    provider.void({ idempotencyKey: row.id }),
  )
  return writeCommerceChange(deps, { tenantId: row.tenant_id, actor }, async (trx, events) => {
    await enterStep(trx, { deps, row, owner })
    await endOrderReservations(trx, events, {
      deps,
      tenantId: row.tenant_id,
      reservationIds: row.reservation_ids,
      status: 'released',
      actor,
    })
    await trx
      .updateTable('commerce_payments')
      .set({ status: 'voided', updated_at: deps.now() })
      .where('tenant_id', '=', row.tenant_id)
      .where('checkout_id', '=', row.id)
      .where('status', '=', 'authorized')
      .execute()
    events.add(checkoutFailed, {
      checkoutId: row.id,
      cartId: row.cart_id,
      code: row.error_code ?? 'INTERNAL',
    })
    return leaveStep(trx, { deps, row, next: 'failed' })
  })
}
