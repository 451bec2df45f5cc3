import type { ColumnType, Generated } from 'kysely'
import type { OrderStatus } from './order-status'

/** A `bigint` of minor units: read as text by node-postgres, written as a number. */
type Amount = ColumnType<string | number, number | undefined, number>
/** A `jsonb` column: read as a value, written as its JSON text. */
type JsonColumn<T> = ColumnType<T, string, string>
/** A `timestamptz` column with a database default. */
type Timestamp = ColumnType<Date, Date | undefined, Date>

/** The steps of a checkout, in order, and its two ends. */
export type CheckoutStep =
  'reserving' | 'authorizing' | 'placing' | 'confirming' | 'completed' | 'compensating' | 'failed'

/** `commerce_order_counters`. */
export interface CommerceOrderCountersTable {
  tenant_id: string
  last_number: ColumnType<string | number, number, number>
}

/** `commerce_checkouts`: the checkout saga's stored progress. */
export interface CommerceCheckoutsTable {
  id: string
  tenant_id: string
  cart_id: string
  idempotency_key: string | null
  step: CheckoutStep
  provider: string
  currency: string
  total: Amount
  snapshot: JsonColumn<unknown>
  reservation_ids: ColumnType<string[], string[] | undefined, string[]>
  payment_id: string | null
  order_id: string | null
  error_code: string | null
  error_message: string | null
  lease_owner: string | null
  lease_until: Date | null
  attempts: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_orders`. */
export interface CommerceOrdersTable {
  id: string
  tenant_id: string
  number: string
  status: OrderStatus
  checkout_id: string
  cart_id: string
  customer_id: string | null
  email: string
  region_id: string
  currency: string
  tax_inclusive: boolean
  subtotal: Amount
  discount_total: Amount
  tax_total: Amount
  shipping_total: Amount
  total: Amount
  shipping_address: JsonColumn<Record<string, unknown> | null> | null
  billing_address: JsonColumn<Record<string, unknown> | null> | null
  promotion_codes: ColumnType<string[], string[] | undefined, string[]>
  carrier: string | null
  tracking_number: string | null
  cancel_reason: string | null
  created_at: Timestamp
  updated_at: Timestamp
  confirmed_at: Date | null
  paid_at: Date | null
  shipped_at: Date | null
  delivered_at: Date | null
  cancelled_at: Date | null
}

/** `commerce_order_lines`: what was bought, at the price frozen when the order was placed. */
export interface CommerceOrderLinesTable {
  id: string
  tenant_id: string
  order_id: string
  position: number
  variant_id: string
  product_id: string
  title: string
  sku: string | null
  quantity: number
  unit_price: Amount
  compare_at: ColumnType<string | number | null, number | null | undefined, number | null>
  discount_total: Amount
  tax_total: Amount
  total: Amount
  reservation_id: string | null
}

/** `commerce_payments`: one authorisation at a provider. */
export interface CommercePaymentsTable {
  id: string
  tenant_id: string
  checkout_id: string
  order_id: string | null
  provider: string
  provider_ref: string | null
  status: 'authorized' | 'voided' | 'captured'
  amount: Amount
  currency: string
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_payment_transactions`: captures and refunds. */
export interface CommercePaymentTransactionsTable {
  id: string
  tenant_id: string
  payment_id: string
  order_id: string
  kind: 'capture' | 'refund'
  amount: Amount
  currency: string
  provider_ref: string | null
  idempotency_key: string
  created_at: Timestamp
}

/** `commerce_order_events`: an order's events, kept as its history. */
export interface CommerceOrderEventsTable {
  id: string
  tenant_id: string
  order_id: string
  position: Generated<string>
  type: string
  version: number
  payload: JsonColumn<unknown>
  actor_id: string | null
  occurred_at: Date
}

/** The order tables, part of `CommerceTables`. */
export interface OrderTables {
  commerce_order_counters: CommerceOrderCountersTable
  commerce_checkouts: CommerceCheckoutsTable
  commerce_orders: CommerceOrdersTable
  commerce_order_lines: CommerceOrderLinesTable
  commerce_payments: CommercePaymentsTable
  commerce_payment_transactions: CommercePaymentTransactionsTable
  commerce_order_events: CommerceOrderEventsTable
}
