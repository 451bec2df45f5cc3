import { CommerceError } from '../commerce-error'
import { currencyExponent } from './currencies'
import { parseDecimal } from './decimal'

/**
 * An amount of minor units as a decimal text in the currency's exponent: `formatMinor(150, 'KWD')`
 * is `"0.150"`, `formatMinor(150, 'JPY')` is `"150"`.
 */
export function formatMinor(amount: number, currency: string): string {
  const exponent = currencyExponent(currency)
  if (!Number.isSafeInteger(amount))
    throw new CommerceError('INVALID_INPUT', 'An amount must be an integer of minor units')
  const sign = amount < 0 ? '-' : ''
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0')
  if (exponent === 0) return `${sign}${digits}`
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/**
 * A decimal text in major units as an integer of minor units: `toMinor('19.99', 'USD')` is `1999`.
 * `INVALID_INPUT` when the text has more decimals than the currency has (`'1.5'` JPY): money is
 * never rounded silently.
 */
export function toMinor(text: string, currency: string): number {
  const exponent = currencyExponent(currency)
  const { numerator, denominator } = parseDecimal(text)
  const scaled = numerator * 10n ** BigInt(exponent)
  if (scaled % denominator !== 0n)
    throw new CommerceError(
      'INVALID_INPUT',
      `${text} has more decimals than ${currency} has (${exponent})`,
    )
  const minor = scaled / denominator
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new CommerceError('INVALID_INPUT', `${text} ${currency} is too large`)
  return Number(minor)
}
