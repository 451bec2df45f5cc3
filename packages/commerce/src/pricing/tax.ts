import { divideRounded, parseDecimal } from '../money/decimal'
import type { PriceTax } from './pricing-types'

/**
 * The tax in a unit `amount` under a rate (a percentage as decimal text). Tax included: the
 * part of the amount that is tax, `amount − amount × 100 / (100 + rate)`; excluded: `amount ×
 * rate / 100`. Exact rationals, rounded half-even once (ADR 0025).
 */
export function taxOf(
  amount: number,
  rule: { readonly rate: string; readonly included: boolean },
): PriceTax {
  const { numerator, denominator } = parseDecimal(rule.rate)
  const minor = BigInt(amount)
  const tax = rule.included
    ? minor - divideRounded(minor * 100n * denominator, 100n * denominator + numerator)
    : divideRounded(minor * numerator, 100n * denominator)
  return { rate: rule.rate, included: rule.included, amount: Number(tax) }
}

/** `"20.0000"` → `"20"`, `"8.8750"` → `"8.875"`. */
export function normaliseRate(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text
}
