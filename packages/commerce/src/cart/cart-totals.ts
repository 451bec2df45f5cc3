import { taxOf } from '../pricing/tax'
import { allocate, discountAmount, type Discount } from '../money/discounts'

/** A cart line as totals see it: a unit price (minor units) and a quantity. */
export interface TotalsLine {
  readonly unitPrice: number
  readonly quantity: number
}

/** A region's tax rule: a percentage as decimal text and whether prices include it. */
export interface TaxRule {
  readonly rate: string
  readonly included: boolean
}

/** What the totals of a cart are computed from. */
export interface TotalsInput {
  readonly lines: readonly TotalsLine[]
  readonly tax: TaxRule
  /** Discounts in the order their codes were added; each is taken off what the previous left. */
  readonly discounts: readonly Discount[]
  /** The shipping option's flat rate, in the same convention as prices (tax included or not). */
  readonly shipping: number
}

/** A line's share of the totals, in minor units. */
export interface LineTotals {
  /** `unitPrice × quantity`. */
  readonly subtotal: number
  /** The line's share of the cart's discounts. */
  readonly discount: number
  /** The tax in (included) or on (excluded) `subtotal − discount`. */
  readonly tax: number
  /** `subtotal − discount`, plus `tax` when tax is excluded. */
  readonly total: number
}

/** A cart's totals, all integers of minor units. */
export interface CartTotals {
  readonly subtotal: number
  readonly discountTotal: number
  readonly shippingTotal: number
  /** Included in the other amounts (`taxIncluded`) or added to them. */
  readonly taxTotal: number
  readonly taxIncluded: boolean
  /** `subtotal − discountTotal + shippingTotal`, plus `taxTotal` when tax is excluded. */
  readonly total: number
  /** The discount of each promotion, in the order given. */
  readonly discounts: readonly number[]
  /** One per line, in the order given. */
  readonly lines: readonly LineTotals[]
}

/**
 * The totals of a cart (ADR 0033). All exact integer arithmetic on minor units:
 *
 * 1. A line's subtotal is `unitPrice × quantity`; the cart's subtotal is their sum.
 * 2. Discounts apply in order, each to what the previous left (a percentage is rounded half-even
 *    once, a fixed amount is capped at what is left), so they never exceed the subtotal.
 * 3. The discount total is split over the lines in proportion to their subtotals
 *    ({@link allocate}: largest remainders), so the line discounts add up to it exactly.
 * 4. Tax is computed per line on `subtotal − discount`, and on shipping, with the region's rule,
 *    each rounded half-even once ({@link taxOf}); the tax total is their sum.
 * 5. Tax included: the total is `subtotal − discounts + shipping` and the tax is the part of it
 *    that is tax. Excluded: the tax is added on top.
 *
 * @example
 * ```ts
 * cartTotals({ lines: [{ unitPrice: 1000, quantity: 2 }], tax: { rate: '20', included: false },
 *   discounts: [{ type: 'percentage', percent: '10' }], shipping: 500 }).total // 2760
 * ```
 */
export function cartTotals(input: TotalsInput): CartTotals {
  const subtotals = input.lines.map((line) => line.unitPrice * line.quantity)
  const subtotal = subtotals.reduce((a, b) => a + b, 0)
  let left = subtotal
  const discounts = input.discounts.map((discount) => {
    const off = discountAmount(left, discount)
    left -= off
    return off
  })
  const discountTotal = subtotal - left
  const shares = allocate(discountTotal, subtotals)
  const lines = subtotals.map((lineSubtotal, index) => {
    const discount = shares[index] ?? 0
    const net = lineSubtotal - discount
    const tax = taxOf(net, input.tax).amount
    return {
      subtotal: lineSubtotal,
      discount,
      tax,
      total: input.tax.included ? net : net + tax,
    }
  })
  const shippingTax = taxOf(input.shipping, input.tax).amount
  const taxTotal = lines.reduce((a, line) => a + line.tax, shippingTax)
  const beforeTax = subtotal - discountTotal + input.shipping
  return {
    subtotal,
    discountTotal,
    shippingTotal: input.shipping,
    taxTotal,
    taxIncluded: input.tax.included,
    total: input.tax.included ? beforeTax : beforeTax + taxTotal,
    discounts,
    lines,
  }
}
