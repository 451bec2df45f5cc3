import { CommerceError } from '../commerce-error'

/** An exact rational number: `numerator / denominator`, the denominator positive. */
export interface Ratio {
  readonly numerator: bigint
  readonly denominator: bigint
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,12}))?$/

/**
 * Parses a decimal text (`"15"`, `"12.5"`, `"99.99"`) into an exact ratio, never through a float.
 * `INVALID_INPUT` for anything else (exponents, commas, more than 12 decimals).
 */
export function parseDecimal(text: string): Ratio {
  const match = DECIMAL.exec(text.trim())
  if (!match) throw new CommerceError('INVALID_INPUT', `"${text}" is not a decimal number`)
  const [, sign, whole = '0', fraction = ''] = match
  const denominator = 10n ** BigInt(fraction.length)
  const magnitude = BigInt(whole) * denominator + BigInt(fraction === '' ? '0' : fraction)
  return { numerator: sign === '-' ? -magnitude : magnitude, denominator }
}

/** How a quotient that falls between two integers is rounded. */
export type RoundingMode = 'half-even' | 'half-up'

/**
 * `numerator / denominator` rounded to an integer: `half-even` (banker's: 0.5 → 0, 1.5 → 2, 2.5 →
 * 2) or `half-up` (away from zero at .5). Exact for any bigint sizes.
 */
export function divideRounded(
  numerator: bigint,
  denominator: bigint,
  mode: RoundingMode = 'half-even',
): bigint {
  if (denominator === 0n) throw new CommerceError('INVALID_INPUT', 'Division by zero')
  const sign = numerator < 0n !== denominator < 0n ? -1n : 1n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const quotient = n / d
  const twiceRemainder = (n % d) * 2n
  let rounded = quotient
  if (twiceRemainder > d) rounded = quotient + 1n
  else if (twiceRemainder === d) {
    if (mode === 'half-up' || quotient % 2n === 1n) rounded = quotient + 1n
  }
  return sign * rounded
}
