import { currencyCode, defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `order.confirmed` and `order.delivered`: the order and its number. */
export interface OrderRefPayload {
  readonly orderId: string
  /** The human-readable order number, e.g. `1001`. */
  readonly number: string
}

/** Payload of `order.paid` and `order.refunded`: the amount moved, in minor units. */
export interface OrderMoneyPayload extends OrderRefPayload {
  /** Amount captured (paid) or refunded by this transaction, > 0. */
  readonly amount: number
  /** ISO 4217 code of `amount`. */
  readonly currency: string
  /** The payment transaction that recorded it. */
  readonly transactionId: string
}

/** Payload of `order.shipped`. */
export interface OrderShippedPayload extends OrderRefPayload {
  /** The carrier, e.g. `dhl`; at most 50 UTF-8 bytes. */
  readonly carrier: string
  /** The carrier's tracking number; at most 100 UTF-8 bytes. */
  readonly trackingNumber: string
}

const ref = { orderId: nonNilUuid(), number: nonEmptyText(50) }
const money = {
  ...ref,
  amount: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  currency: currencyCode(),
  transactionId: nonNilUuid(),
}

/** An order was confirmed (pending → confirmed). Aggregate: `order` / `orderId`. */
export const orderConfirmed: EventDefinition<'order.confirmed', OrderRefPayload> = defineEvent({
  type: 'order.confirmed',
  version: 1,
  description: 'An order was confirmed: its stock is held and its payment authorised.',
  aggregateType: 'order',
  schema: v.object(ref),
  aggregateId: (payload) => payload.orderId,
})

/** An order's payment was captured (confirmed → paid). Aggregate: `order` / `orderId`. */
export const orderPaid: EventDefinition<'order.paid', OrderMoneyPayload> = defineEvent({
  type: 'order.paid',
  version: 1,
  description: 'An order was paid: its payment was captured and its reserved stock sold.',
  aggregateType: 'order',
  schema: v.object(money),
  aggregateId: (payload) => payload.orderId,
})

/** An order left with a carrier (paid → shipped). Aggregate: `order` / `orderId`. */
export const orderShipped: EventDefinition<'order.shipped', OrderShippedPayload> = defineEvent({
  type: 'order.shipped',
  version: 1,
  description: 'An order was shipped with a carrier and a tracking number.',
  aggregateType: 'order',
  schema: v.object({ ...ref, carrier: nonEmptyText(50), trackingNumber: nonEmptyText(100) }),
  aggregateId: (payload) => payload.orderId,
})

/** An order arrived (shipped → delivered). Aggregate: `order` / `orderId`. */
export const orderDelivered: EventDefinition<'order.delivered', OrderRefPayload> = defineEvent({
  type: 'order.delivered',
  version: 1,
  description: 'An order was delivered.',
  aggregateType: 'order',
  schema: v.object(ref),
  aggregateId: (payload) => payload.orderId,
})

/** Money went back to the buyer through the provider. Aggregate: `order` / `orderId`. */
export const orderRefunded: EventDefinition<'order.refunded', OrderMoneyPayload> = defineEvent({
  type: 'order.refunded',
  version: 1,
  description: 'An amount of an order was refunded through its payment provider.',
  aggregateType: 'order',
  schema: v.object(money),
  aggregateId: (payload) => payload.orderId,
})
