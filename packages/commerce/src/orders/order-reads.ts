import { exactTimestamp, keysetAfter } from '@rustok/core-db'
import type { Kysely, Selectable } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { parseInput } from '../internal/parse-input'
import type { CommerceOrdersTable } from './order-tables'
import { ListOrdersSchema, type ListOrdersInput } from './order-schemas'
import type { Order, OrderPage, OrderSummary } from './order-types'

/** Which orders a reader may see: all of the tenant's, or only one customer's own. */
export interface OrderScope {
  readonly tenantId: string
  /** Set for a customer: other customers' orders answer `NOT_FOUND`. */
  readonly customerId?: string
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null)
const money = (value: string | number | null): number => Number(value ?? 0)

const toSummary = (row: Selectable<CommerceOrdersTable>): OrderSummary => ({
  id: row.id,
  number: row.number,
  status: row.status,
  customerId: row.customer_id,
  email: row.email,
  currency: row.currency,
  total: money(row.total),
  createdAt: row.created_at.toISOString(),
})

/** The order row, scoped to the tenant (and customer); `NOT_FOUND` otherwise. */
export async function orderRow(
  db: Kysely<CommerceTables>,
  scope: OrderScope & { readonly id: string },
): Promise<Selectable<CommerceOrdersTable>> {
  let query = db
    .selectFrom('commerce_orders')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', scope.id)
  if (scope.customerId !== undefined) query = query.where('customer_id', '=', scope.customerId)
  const row = await query.executeTakeFirst()
  if (!row) throw new CommerceError('NOT_FOUND', `Order ${scope.id} not found`)
  return row
}

/** An order with its lines, payment and money movements (three statements). */
export async function readOrder(
  db: Kysely<CommerceTables>,
  scope: OrderScope & { readonly id: string },
): Promise<Order> {
  const row = await orderRow(db, scope)
  const [lines, payment, transactions] = await Promise.all([
    db
      .selectFrom('commerce_order_lines')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('order_id', '=', row.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('commerce_payments')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('order_id', '=', row.id)
      .executeTakeFirst(),
    db
      .selectFrom('commerce_payment_transactions')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('order_id', '=', row.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ])
  const sum = (kind: 'capture' | 'refund') =>
    transactions.filter((t) => t.kind === kind).reduce((total, t) => total + money(t.amount), 0)
  return {
    ...toSummary(row),
    regionId: row.region_id,
    cartId: row.cart_id,
    taxInclusive: row.tax_inclusive,
    subtotal: money(row.subtotal),
    discountTotal: money(row.discount_total),
    taxTotal: money(row.tax_total),
    shippingTotal: money(row.shipping_total),
    paidTotal: sum('capture'),
    refundedTotal: sum('refund'),
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    promotionCodes: row.promotion_codes,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    cancelReason: row.cancel_reason,
    updatedAt: row.updated_at.toISOString(),
    confirmedAt: iso(row.confirmed_at),
    paidAt: iso(row.paid_at),
    shippedAt: iso(row.shipped_at),
    deliveredAt: iso(row.delivered_at),
    cancelledAt: iso(row.cancelled_at),
    lines: lines.map((line) => ({
      id: line.id,
      variantId: line.variant_id,
      productId: line.product_id,
      title: line.title,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: money(line.unit_price),
      compareAt: line.compare_at === null ? null : money(line.compare_at),
      discountTotal: money(line.discount_total),
      taxTotal: money(line.tax_total),
      total: money(line.total),
    })),
    payment: payment
      ? {
          id: payment.id,
          provider: payment.provider,
          status: payment.status,
          amount: money(payment.amount),
          currency: payment.currency,
        }
      : null,
    transactions: transactions.map((t) => ({
      id: t.id,
      kind: t.kind,
      amount: money(t.amount),
      currency: t.currency,
      providerRef: t.provider_ref,
      createdAt: t.created_at.toISOString(),
    })),
  }
}

/** A page of orders, newest first, filtered (a customer's scope adds their own filter). */
export async function listOrders(
  db: Kysely<CommerceTables>,
  scope: OrderScope,
  rawInput: ListOrdersInput,
): Promise<OrderPage> {
  const input = parseInput(ListOrdersSchema, rawInput)
  let query = db
    .selectFrom('commerce_orders')
    .selectAll()
    .select(exactTimestamp('created_at').as('cursor'))
    .where('tenant_id', '=', scope.tenantId)
  const customerId = scope.customerId ?? input.customerId
  if (customerId !== undefined) query = query.where('customer_id', '=', customerId)
  if (input.status) query = query.where('status', '=', input.status)
  if (input.email) query = query.where('email', '=', input.email)
  if (input.number) query = query.where('number', '=', input.number)
  if (input.createdFrom) query = query.where('created_at', '>=', new Date(input.createdFrom))
  if (input.createdTo) query = query.where('created_at', '<', new Date(input.createdTo))
  const rows = await query
    .where(
      keysetAfter({
        column: 'created_at',
        direction: 'desc',
        position: input.after && { ...input.after, timestamp: true },
      }),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute()
  const page = rows.slice(0, input.limit)
  const last = page.at(-1)
  return {
    items: page.map(toSummary),
    next: rows.length > input.limit && last ? { value: last.cursor, id: last.id } : null,
  }
}
