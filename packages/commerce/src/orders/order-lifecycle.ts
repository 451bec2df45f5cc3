import type { ResolvedCommerceDeps } from '../commerce-deps'
import { orderCancelled } from '../events/order-events'
import { orderConfirmed, orderDelivered, orderShipped } from '../events/order-lifecycle-events'
import { parseInput } from '../internal/parse-input'
import { callProvider, providerOf, type PaymentProviders } from '../payments/provider-call'
import { lockOrder, moveOrder, writeOrderChange, type OrderCommand } from './order-move'
import {
  CancelOrderSchema,
  ShipOrderSchema,
  type CancelOrderInput,
  type ShipOrderInput,
} from './order-schemas'
import { endOrderReservations, orderReservationIds } from './order-stock'

/** pending → confirmed: the stock is held and the payment authorised. */
export function confirmOrder(deps: ResolvedCommerceDeps, command: OrderCommand): Promise<void> {
  return writeOrderChange(deps, command, async (trx, events) => {
    const at = deps.now()
    const row = await moveOrder(trx, {
      ...command,
      transition: 'confirm',
      at,
      set: { confirmed_at: at },
    })
    events.add(orderConfirmed, { orderId: row.id, number: row.number })
  })
}

/** paid → shipped, with a carrier and a tracking number. */
export function shipOrder(
  deps: ResolvedCommerceDeps,
  command: OrderCommand,
  rawInput: ShipOrderInput,
): Promise<void> {
  const input = parseInput(ShipOrderSchema, rawInput)
  return writeOrderChange(deps, command, async (trx, events) => {
    const at = deps.now()
    const row = await moveOrder(trx, {
      ...command,
      transition: 'ship',
      at,
      set: { shipped_at: at, carrier: input.carrier, tracking_number: input.trackingNumber },
    })
    events.add(orderShipped, { orderId: row.id, number: row.number, ...input })
  })
}

/** shipped → delivered. */
export function deliverOrder(deps: ResolvedCommerceDeps, command: OrderCommand): Promise<void> {
  return writeOrderChange(deps, command, async (trx, events) => {
    const at = deps.now()
    const row = await moveOrder(trx, {
      ...command,
      transition: 'deliver',
      at,
      set: { delivered_at: at },
    })
    events.add(orderDelivered, { orderId: row.id, number: row.number })
  })
}

/**
 * Cancels an order before payment (pending or confirmed): its reservations are released and its
 * authorisation voided at the provider, under the order's row lock so a capture cannot slip in
 * between. A void that fails leaves the order as it was (`PAYMENT_FAILED`; try again).
 */
export function cancelUnpaidOrder(
  deps: ResolvedCommerceDeps & { readonly payments: PaymentProviders },
  command: OrderCommand,
  rawInput: CancelOrderInput,
): Promise<void> {
  const input = parseInput(CancelOrderSchema, rawInput)
  return writeOrderChange(deps, command, async (trx, events) => {
    await lockOrder(trx, command)
    const at = deps.now()
    const row = await moveOrder(trx, {
      ...command,
      transition: 'cancel',
      at,
      set: { cancelled_at: at, cancel_reason: input.reason ?? null },
    })
    const reservationIds = await orderReservationIds(trx, { tenantId: row.tenant_id, id: row.id })
    await endOrderReservations(trx, events, {
      deps,
      tenantId: row.tenant_id,
      reservationIds,
      status: 'released',
      actor: command.actor,
    })
    const payment = await trx
      .updateTable('commerce_payments')
      .set({ status: 'voided', updated_at: at })
      .where('tenant_id', '=', row.tenant_id)
      .where('order_id', '=', row.id)
      .where('status', '=', 'authorized')
      .returning(['provider', 'checkout_id'])
      .executeTakeFirst()
    if (payment) {
      const provider = providerOf(deps.payments, payment.provider)
      await callProvider(deps.payments, 'void the authorisation', () =>
        provider.void({ idempotencyKey: payment.checkout_id }),
      )
    }
    events.add(orderCancelled, {
      orderId: row.id,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    })
  })
}
