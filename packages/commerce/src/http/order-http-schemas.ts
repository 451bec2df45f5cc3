import { listQuery } from '@rustok/http'
import * as v from 'valibot'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const Minor = v.pipe(v.number(), v.description('Integer minor units of the currency.'))
const NullableString = v.nullable(v.string())
const Status = v.picklist(['pending', 'confirmed', 'paid', 'shipped', 'delivered', 'cancelled'])
const Address = v.nullable(v.record(v.string(), v.unknown()))

export const OrderParams = v.object({ id: Uuid })

/** An order in a list. */
export const OrderSummarySchema = v.object({
  id: v.string(),
  number: v.pipe(v.string(), v.description('Human-readable, unique in the tenant: "1001".')),
  status: Status,
  customerId: NullableString,
  email: v.string(),
  currency: v.string(),
  total: Minor,
  createdAt: v.string(),
})

/** One event of an order's history. */
const HistoryEntry = v.object({
  id: v.string(),
  type: v.string(),
  version: v.number(),
  payload: v.record(v.string(), v.unknown()),
  actorId: NullableString,
  occurredAt: v.string(),
})

/** An order with lines, payment, money movements and (admin) its history. */
export const OrderSchema = v.object({
  ...OrderSummarySchema.entries,
  regionId: v.string(),
  cartId: v.string(),
  taxInclusive: v.boolean(),
  subtotal: Minor,
  discountTotal: Minor,
  taxTotal: Minor,
  shippingTotal: Minor,
  paidTotal: v.pipe(Minor, v.description('The sum of the captures.')),
  refundedTotal: v.pipe(Minor, v.description('The sum of the refunds.')),
  shippingAddress: Address,
  billingAddress: Address,
  promotionCodes: v.array(v.string()),
  carrier: NullableString,
  trackingNumber: NullableString,
  cancelReason: NullableString,
  updatedAt: v.string(),
  confirmedAt: NullableString,
  paidAt: NullableString,
  shippedAt: NullableString,
  deliveredAt: NullableString,
  cancelledAt: NullableString,
  lines: v.array(
    v.object({
      id: v.string(),
      variantId: v.string(),
      productId: v.string(),
      title: v.string(),
      sku: NullableString,
      quantity: v.number(),
      unitPrice: Minor,
      compareAt: v.nullable(Minor),
      discountTotal: Minor,
      taxTotal: Minor,
      total: Minor,
    }),
  ),
  payment: v.nullable(
    v.object({
      id: v.string(),
      provider: v.string(),
      status: v.picklist(['authorized', 'voided', 'captured']),
      amount: Minor,
      currency: v.string(),
    }),
  ),
  transactions: v.array(
    v.object({
      id: v.string(),
      kind: v.picklist(['capture', 'refund']),
      amount: Minor,
      currency: v.string(),
      providerRef: NullableString,
      createdAt: v.string(),
    }),
  ),
  history: v.optional(v.array(HistoryEntry)),
})

/** The admin order list's query. */
export const OrderListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: {
    status: v.optional(Status),
    customer: v.optional(v.pipe(Uuid, v.description("A customer's orders."))),
    email: v.optional(
      v.pipe(v.string(), v.maxLength(320), v.description('Orders placed with this e-mail.')),
    ),
    number: v.optional(
      v.pipe(v.string(), v.maxLength(50), v.description('The order with this number.')),
    ),
    createdFrom: v.optional(v.pipe(v.string(), v.description('Placed at or after (ISO 8601).'))),
    createdTo: v.optional(v.pipe(v.string(), v.description('Placed before (ISO 8601).'))),
  },
})

/** The storefront's list of the customer's own orders. */
export const OwnOrderListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: {},
})

export const ShipBody = v.object({
  carrier: v.pipe(v.string(), v.maxLength(50), v.description('The carrier: dhl, ups, fedex, …')),
  trackingNumber: v.pipe(
    v.string(),
    v.maxLength(100),
    v.description("The carrier's tracking number."),
  ),
})

export const CancelBody = v.object({
  reason: v.optional(v.pipe(v.string(), v.maxLength(500))),
  refund: v.optional(
    v.pipe(
      v.boolean(),
      v.description('Required (true) to cancel a paid order: it refunds what is left.'),
    ),
  ),
})

export const RefundBody = v.object({
  amount: v.pipe(v.number(), v.description('Integer minor units, at most what is left to refund.')),
  reason: v.optional(v.pipe(v.string(), v.maxLength(500))),
})

export const CompleteBody = v.object({
  provider: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(50),
      v.description('The payment provider: manual (default), or one the server offers.'),
    ),
  ),
})

export const CheckoutResultSchema = v.object({ checkoutId: v.string(), order: OrderSchema })
