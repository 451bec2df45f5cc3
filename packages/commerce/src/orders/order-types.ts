import type { OrderStatus } from './order-status'

/** A line of an order, at the price frozen when it was placed (minor units). */
export interface OrderLine {
  readonly id: string
  readonly variantId: string
  readonly productId: string
  readonly title: string
  readonly sku: string | null
  readonly quantity: number
  readonly unitPrice: number
  readonly compareAt: number | null
  readonly discountTotal: number
  readonly taxTotal: number
  readonly total: number
}

/** A capture or a refund. */
export interface PaymentTransaction {
  readonly id: string
  readonly kind: 'capture' | 'refund'
  readonly amount: number
  readonly currency: string
  readonly providerRef: string | null
  readonly createdAt: string
}

/** The payment of an order: one authorisation at a provider. */
export interface OrderPayment {
  readonly id: string
  readonly provider: string
  readonly status: 'authorized' | 'voided' | 'captured'
  readonly amount: number
  readonly currency: string
}

/** A postal address as the cart gave it. */
export type OrderAddress = Readonly<Record<string, unknown>>

/** An order in a list: its figures, without lines and payments. */
export interface OrderSummary {
  readonly id: string
  readonly number: string
  readonly status: OrderStatus
  readonly customerId: string | null
  readonly email: string
  readonly currency: string
  readonly total: number
  readonly createdAt: string
}

/**
 * An order: what was bought, its totals (minor units), and what happened to its money.
 * `paidTotal` and `refundedTotal` are the sums of its payment transactions.
 */
export interface Order extends OrderSummary {
  readonly regionId: string
  readonly cartId: string
  readonly taxInclusive: boolean
  readonly subtotal: number
  readonly discountTotal: number
  readonly taxTotal: number
  readonly shippingTotal: number
  readonly paidTotal: number
  readonly refundedTotal: number
  readonly shippingAddress: OrderAddress | null
  readonly billingAddress: OrderAddress | null
  readonly promotionCodes: readonly string[]
  readonly carrier: string | null
  readonly trackingNumber: string | null
  readonly cancelReason: string | null
  readonly updatedAt: string
  readonly confirmedAt: string | null
  readonly paidAt: string | null
  readonly shippedAt: string | null
  readonly deliveredAt: string | null
  readonly cancelledAt: string | null
  readonly lines: readonly OrderLine[]
  readonly payment: OrderPayment | null
  readonly transactions: readonly PaymentTransaction[]
}

/** A page of orders, newest first. */
export interface OrderPage {
  readonly items: readonly OrderSummary[]
  readonly next: { readonly value: string; readonly id: string } | null
}
