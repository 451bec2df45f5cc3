import type { Selectable } from 'kysely'
import type { Discount } from '../money/discounts'
import { normaliseRate } from '../pricing/tax'
import type { CommercePromotionsTable } from './cart-tables'

/** A promotion (discount code) as the API shows it. Amounts are minor units of `currency`. */
export interface Promotion {
  readonly id: string
  readonly code: string
  readonly type: 'percentage' | 'fixed'
  readonly percent: string | null
  readonly amount: number | null
  readonly currency: string | null
  readonly minSubtotal: number | null
  readonly usageLimit: number | null
  readonly perCustomerLimit: number | null
  /** Orders that redeemed it (released redemptions given back). */
  readonly usageCount: number
  readonly startsAt: string | null
  readonly endsAt: string | null
  readonly active: boolean
  readonly createdAt: string
  readonly updatedAt: string
}

/** Why a code does not apply to a cart (or cannot be redeemed). */
export type PromotionRefusal =
  | 'NOT_FOUND'
  | 'INACTIVE'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'CURRENCY_MISMATCH'
  | 'MIN_SUBTOTAL_NOT_MET'
  | 'USAGE_LIMIT_REACHED'
  | 'CUSTOMER_LIMIT_REACHED'

/** A promotion row, the percentage as text. */
export type PromotionRow = Selectable<CommercePromotionsTable>

const amountOf = (value: string | number | null): number | null =>
  value === null ? null : Number(value)

/** A promotion row as the API shows it. */
export function toPromotion(row: PromotionRow): Promotion {
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    percent: row.percent === null ? null : normaliseRate(row.percent),
    amount: amountOf(row.amount),
    currency: row.currency,
    minSubtotal: amountOf(row.min_subtotal),
    usageLimit: row.usage_limit,
    perCustomerLimit: row.per_customer_limit,
    usageCount: row.usage_count,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** The discount a promotion gives. */
export function discountOf(promotion: Pick<Promotion, 'type' | 'percent' | 'amount'>): Discount {
  return promotion.type === 'percentage'
    ? { type: 'percentage', percent: promotion.percent ?? '0' }
    : { type: 'fixed', amount: promotion.amount ?? 0 }
}

/**
 * Why `promotion` does not apply to a cart in `currency` with `subtotal` at `at`, or `null` when it
 * does. Counts its usage as it stands (`customerUses`: the customer's redemptions so far): at
 * redemption the same rule runs under the promotion's row lock.
 */
export function promotionRefusal(
  promotion: Promotion,
  cart: {
    readonly at: Date
    readonly currency: string
    readonly subtotal: number
    readonly customerUses: number
  },
): PromotionRefusal | null {
  if (!promotion.active) return 'INACTIVE'
  if (promotion.startsAt !== null && cart.at < new Date(promotion.startsAt)) return 'NOT_STARTED'
  if (promotion.endsAt !== null && cart.at >= new Date(promotion.endsAt)) return 'EXPIRED'
  if (promotion.currency !== null && promotion.currency !== cart.currency)
    return 'CURRENCY_MISMATCH'
  if (promotion.minSubtotal !== null && cart.subtotal < promotion.minSubtotal)
    return 'MIN_SUBTOTAL_NOT_MET'
  if (promotion.usageLimit !== null && promotion.usageCount >= promotion.usageLimit)
    return 'USAGE_LIMIT_REACHED'
  if (promotion.perCustomerLimit !== null && cart.customerUses >= promotion.perCustomerLimit)
    return 'CUSTOMER_LIMIT_REACHED'
  return null
}

/** The key per-customer limits count by: the customer's id, else the guest's e-mail. */
export function customerKey(customer: {
  readonly customerId: string | null
  readonly email: string | null
}): string | null {
  if (customer.customerId !== null) return `customer:${customer.customerId}`
  if (customer.email !== null) return `email:${customer.email.toLowerCase()}`
  return null
}
