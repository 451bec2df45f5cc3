import type { Selectable, Transaction } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import type { EventSink } from '../catalogue/product-tx'
import { orderCancelled } from '../events/order-events'
import { orderPaid, orderRefunded } from '../events/order-lifecycle-events'
import { parseInput } from '../internal/parse-input'
import { callProvider, providerOf, type PaymentProviders } from '../payments/provider-call'
import { lockOrder, moveOrder, writeOrderChange, type OrderCommand } from './order-move'
import {
  CancelOrderSchema,
  RefundOrderSchema,
  type CancelOrderInput,
  type RefundOrderInput,
} from './order-schemas'
import { nextOrderStatus, type OrderStatus } from './order-status'
import { endOrderReservations, orderReservationIds } from './order-stock'
import type { CommerceOrdersTable, CommercePaymentsTable } from './order-tables'

/** What the money operations need: the deps and the configured providers. */
export type OrderMoneyDeps = ResolvedCommerceDeps & { readonly payments: PaymentProviders }

const REFUNDABLE: readonly OrderStatus[] = ['paid', 'shipped', 'delivered']

async function paymentOf(
  trx: Transaction<CommerceTables>,
  order: Selectable<CommerceOrdersTable>,
): Promise<Selectable<CommercePaymentsTable>> {
  const payment = await trx
    .selectFrom('commerce_payments')
    .selectAll()
    .where('tenant_id', '=', order.tenant_id)
    .where('order_id', '=', order.id)
    .executeTakeFirst()
  if (!payment) throw new CommerceError('INVALID_TRANSITION', 'The order has no payment')
  return payment
}

/** Captured and refunded so far, from the payment transactions. */
async function moved(
  trx: Transaction<CommerceTables>,
  order: Selectable<CommerceOrdersTable>,
): Promise<{ readonly captured: number; readonly refunded: number }> {
  const rows = await trx
    .selectFrom('commerce_payment_transactions')
    .select(['kind', (eb) => eb.fn.sum<string>('amount').as('sum')])
    .where('tenant_id', '=', order.tenant_id)
    .where('order_id', '=', order.id)
    .groupBy('kind')
    .execute()
  const sum = (kind: string) => Number(rows.find((row) => row.kind === kind)?.sum ?? 0)
  return { captured: sum('capture'), refunded: sum('refund') }
}

/** Refunds `amount` at the provider and records it, with its `order.refunded` event. */
async function refundInTx(
  trx: Transaction<CommerceTables>,
  events: EventSink,
  refund: {
    readonly deps: OrderMoneyDeps
    readonly order: Selectable<CommerceOrdersTable>
    readonly payment: Selectable<CommercePaymentsTable>
    readonly amount: number
    readonly key: string
  },
): Promise<void> {
  const { deps, order, payment, amount, key } = refund
  const provider = providerOf(deps.payments, payment.provider)
  const done = await callProvider(deps.payments, 'refund', () =>
    provider.refund({
      idempotencyKey: key,
      providerRef: payment.provider_ref ?? '',
      amount,
      currency: payment.currency,
    }),
  )
  const transactionId = deps.newId()
  await trx
    .insertInto('commerce_payment_transactions')
    .values({
      id: transactionId,
      tenant_id: order.tenant_id,
      payment_id: payment.id,
      order_id: order.id,
      kind: 'refund',
      amount,
      currency: payment.currency,
      provider_ref: done.providerRef,
      idempotency_key: key,
      created_at: deps.now(),
    })
    .execute()
  events.add(orderRefunded, {
    orderId: order.id,
    number: order.number,
    amount,
    currency: payment.currency,
    transactionId,
  })
}

/** A transaction already recorded under `key` (a repeated request): nothing more to do. */
async function alreadyDone(
  trx: Transaction<CommerceTables>,
  scope: { readonly tenantId: string; readonly key: string },
): Promise<boolean> {
  const found = await trx
    .selectFrom('commerce_payment_transactions')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('idempotency_key', '=', scope.key)
    .executeTakeFirst()
  return found !== undefined
}

/**
 * confirmed → paid: captures the authorised amount at the provider and sells the reserved stock,
 * all under the order's row lock (a cancel cannot slip in between). The provider call is keyed by
 * the order, so a retry after a crash captures once.
 */
export function captureOrder(deps: OrderMoneyDeps, command: OrderCommand): Promise<void> {
  return writeOrderChange(deps, command, async (trx, events) => {
    const order = await lockOrder(trx, command)
    if (nextOrderStatus('pay', order.status) === undefined)
      throw new CommerceError('INVALID_TRANSITION', `The order is ${order.status}: it cannot pay`)
    const payment = await paymentOf(trx, order)
    const provider = providerOf(deps.payments, payment.provider)
    const amount = Number(payment.amount)
    const key = `capture:${order.id}`
    const done = await callProvider(deps.payments, 'capture', () =>
      provider.capture({
        idempotencyKey: key,
        providerRef: payment.provider_ref ?? '',
        amount,
        currency: payment.currency,
      }),
    )
    const at = deps.now()
    const transactionId = deps.newId()
    if (amount > 0)
      await trx
        .insertInto('commerce_payment_transactions')
        .values({
          id: transactionId,
          tenant_id: order.tenant_id,
          payment_id: payment.id,
          order_id: order.id,
          kind: 'capture',
          amount,
          currency: payment.currency,
          provider_ref: done.providerRef,
          idempotency_key: key,
          created_at: at,
        })
        .execute()
    await trx
      .updateTable('commerce_payments')
      .set({ status: 'captured', updated_at: at })
      .where('id', '=', payment.id)
      .execute()
    await moveOrder(trx, { ...command, transition: 'pay', at, set: { paid_at: at } })
    await endOrderReservations(trx, events, {
      deps,
      tenantId: order.tenant_id,
      reservationIds: await orderReservationIds(trx, { tenantId: order.tenant_id, id: order.id }),
      status: 'converted',
      actor: command.actor,
    })
    if (amount > 0)
      events.add(orderPaid, {
        orderId: order.id,
        number: order.number,
        amount,
        currency: payment.currency,
        transactionId,
      })
  })
}

/**
 * Refunds part of what a paid, shipped or delivered order captured. At most what is left;
 * `key` (the request's Idempotency-Key) makes a repeat a no-op.
 */
export function refundOrder(
  deps: OrderMoneyDeps,
  command: OrderCommand & { readonly key: string },
  rawInput: RefundOrderInput,
): Promise<void> {
  const input = parseInput(RefundOrderSchema, rawInput)
  return writeOrderChange(deps, command, async (trx, events) => {
    const order = await lockOrder(trx, command)
    const key = `refund:${order.id}:${command.key}`
    if (await alreadyDone(trx, { tenantId: order.tenant_id, key })) return
    if (!REFUNDABLE.includes(order.status))
      throw new CommerceError(
        'INVALID_TRANSITION',
        `The order is ${order.status}: nothing to refund`,
      )
    const { captured, refunded } = await moved(trx, order)
    if (input.amount > captured - refunded)
      throw new CommerceError('INVALID_INPUT', 'The refund exceeds what is left to refund', {
        errors: [{ path: 'amount', message: `at most ${captured - refunded}` }],
      })
    const payment = await paymentOf(trx, order)
    await refundInTx(trx, events, { deps, order, payment, amount: input.amount, key })
  })
}

/**
 * Cancels an order: before payment its stock is released and its authorisation voided
 * ({@link cancelUnpaidOrder}); after payment only with a refund of everything not yet refunded
 * (`refund: true`), through the provider, in the same transaction as the status change.
 */
export function cancelPaidOrder(
  deps: OrderMoneyDeps,
  command: OrderCommand,
  rawInput: CancelOrderInput,
): Promise<void> {
  const input = parseInput(CancelOrderSchema, rawInput)
  return writeOrderChange(deps, command, async (trx, events) => {
    const order = await lockOrder(trx, command)
    const at = deps.now()
    const row = await moveOrder(trx, {
      ...command,
      transition: 'cancelWithRefund',
      at,
      set: { cancelled_at: at, cancel_reason: input.reason ?? null },
    })
    const { captured, refunded } = await moved(trx, order)
    if (captured - refunded > 0) {
      const payment = await paymentOf(trx, order)
      const amount = captured - refunded
      await refundInTx(trx, events, { deps, order, payment, amount, key: `cancel:${order.id}` })
    }
    events.add(orderCancelled, {
      orderId: row.id,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    })
  })
}
