import { CommerceError } from '../commerce-error'
import { divideRounded, parseDecimal, type RoundingMode } from './decimal'

/** A discount: a percentage of the amount, or a fixed amount in the same minor units. */
export type Discount =
  | { readonly type: 'percentage'; readonly percent: string }
  | { readonly type: 'fixed'; readonly amount: number }

function assertAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new CommerceError(
      'INVALID_INPUT',
      `${what} must be a non-negative integer of minor units`,
    )
}

/**
 * What `discount` takes off `amount` (integer minor units), rounded once to the currency's minor
 * unit with `mode` (default half-even, ADR 0025): never negative, never more than `amount`. A
 * percentage is a decimal text from 0 to 100 (`"12.5"`), computed exactly — no floats.
 *
 * @example
 * ```ts
 * discountAmount(9999, { type: 'percentage', percent: '15' }) // 1500 (14.9985 → 15.00)
 * ```
 */
export function discountAmount(
  amount: number,
  discount: Discount,
  mode: RoundingMode = 'half-even',
): number {
  assertAmount(amount, 'The amount')
  if (discount.type === 'fixed') {
    assertAmount(discount.amount, 'A fixed discount')
    return Math.min(discount.amount, amount)
  }
  const percent = parseDecimal(discount.percent)
  if (percent.numerator < 0n || percent.numerator > 100n * percent.denominator)
    throw new CommerceError('INVALID_INPUT', 'A percentage must be between 0 and 100')
  const off = divideRounded(BigInt(amount) * percent.numerator, 100n * percent.denominator, mode)
  return Number(off)
}

/** `amount` after `discount`: `amount − discountAmount(amount, discount)`. */
export function applyDiscount(
  amount: number,
  discount: Discount,
  mode: RoundingMode = 'half-even',
): number {
  return amount - discountAmount(amount, discount, mode)
}

/**
 * Splits `total` (an order's discount, in minor units) over `weights` (the lines' amounts) in
 * proportion, so the parts add up to `total` exactly: each line gets the floor of its share, and
 * the minor units left go one each to the lines with the largest remainders (ties: the earlier
 * line). No line gets more than its own amount; all-zero weights give all zeros (and a non-zero
 * total is then refused).
 *
 * @example
 * ```ts
 * allocate(100, [1, 1, 1]) // [34, 33, 33]
 * ```
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertAmount(total, 'The total')
  weights.forEach((weight) => assertAmount(weight, 'A weight'))
  const sum = weights.reduce((a, b) => a + BigInt(b), 0n)
  if (BigInt(total) > sum)
    throw new CommerceError('INVALID_INPUT', 'Cannot allocate more than the lines add up to')
  if (sum === 0n) return weights.map(() => 0)
  const shares = weights.map((weight, index) => {
    const exact = BigInt(total) * BigInt(weight)
    return { index, floor: exact / sum, remainder: exact % sum }
  })
  let left = BigInt(total) - shares.reduce((a, s) => a + s.floor, 0n)
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  )
  const extra = new Set<number>()
  for (const share of byRemainder) {
    if (left === 0n) break
    extra.add(share.index)
    left -= 1n
  }
  return shares.map((share) => Number(share.floor) + (extra.has(share.index) ? 1 : 0))
}
