import type { StoredAddress } from './cart-tables'
import type { PromotionRefusal } from './promotion-rules'

/** A line of a cart: its unit price as last resolved, and its share of the totals. */
export interface CartLine {
  readonly id: string
  readonly variantId: string
  readonly productId: string
  readonly quantity: number
  /** Minor units of the cart's currency, from the price resolver for this quantity. */
  readonly unitPrice: number
  /** The price shown struck through, if any. */
  readonly compareAt: number | null
  /** Why the unit price: the variant's own (`base`) or a price list's. */
  readonly priceSource: 'base' | 'sale' | 'override'
  /** `unitPrice × quantity`. */
  readonly subtotal: number
  /** Its share of the cart's discounts. */
  readonly discount: number
  /** The tax in (included) or on (excluded) `subtotal − discount`. */
  readonly tax: number
  readonly total: number
}

/** A discount code on a cart and what it takes off (0 while it does not apply). */
export interface CartPromotion {
  readonly id: string
  readonly code: string
  readonly type: 'percentage' | 'fixed'
  readonly percent: string | null
  readonly amount: number | null
  readonly discount: number
  /** `null` when it applies; else why not (it stays on the cart and may apply later). */
  readonly refusal: PromotionRefusal | null
}

/** A cart's totals; integers of minor units (ADR 0033). */
export interface CartTotalsView {
  readonly subtotal: number
  readonly discountTotal: number
  readonly shippingTotal: number
  readonly taxTotal: number
  readonly taxIncluded: boolean
  readonly total: number
}

/** A cart as its owner (and the checkout) sees it. */
export interface Cart {
  readonly id: string
  readonly status: 'open' | 'completed'
  readonly regionId: string
  readonly currency: string
  /** The region's tax rule. */
  readonly taxRate: string
  readonly taxIncluded: boolean
  /** The signed-in customer who owns it; `null` for a guest's cart. */
  readonly customerId: string | null
  readonly email: string | null
  readonly shippingAddress: StoredAddress | null
  readonly billingAddress: StoredAddress | null
  readonly shippingOption: {
    readonly id: string
    readonly name: string
    readonly amount: number
  } | null
  readonly promotions: readonly CartPromotion[]
  readonly lines: readonly CartLine[]
  readonly totals: CartTotalsView
  /** The order it became, once completed. */
  readonly orderId: string | null
  readonly completedAt: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** Who asks for a cart: the signed-in customer, or `null` for a guest. */
export interface CartRef {
  readonly tenantId: string
  readonly cartId: string
  readonly customerId: string | null
}
