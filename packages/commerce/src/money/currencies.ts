import { CommerceError } from '../commerce-error'

// ISO 4217 active codes (list one, 2024) and their minor-unit exponents. Most currencies have 2;
// the exceptions are listed by exponent. Funds and precious metals without a minor unit are left
// out: a price is never in XAU.
const EXPONENT_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'
const EXPONENT_3 = 'BHD IQD JOD KWD LYD OMR TND'
const EXPONENT_4 = 'CLF UYW'
const EXPONENT_2 =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN ' +
  'BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
  'GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP ' +
  'LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR ' +
  'NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN ' +
  'SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD YER ZAR ZMW ZWG'

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  (
    [
      [EXPONENT_0, 0],
      [EXPONENT_2, 2],
      [EXPONENT_3, 3],
      [EXPONENT_4, 4],
    ] as const
  ).flatMap(([codes, exponent]) => codes.split(' ').map((code) => [code, exponent] as const)),
)

/** Whether `code` is an ISO 4217 currency this package prices in (uppercase, e.g. `EUR`). */
export function isCurrency(code: string): boolean {
  return EXPONENTS.has(code)
}

/**
 * The number of minor-unit digits of an ISO 4217 currency: `JPY` 0, `USD` 2, `KWD` 3. Amounts are
 * integers of minor units (cents, fils); this says where the decimal point goes. `INVALID_INPUT`
 * for a code that is not an ISO 4217 currency (codes are uppercase: `usd` is not one).
 *
 * @example
 * ```ts
 * currencyExponent('KWD') // 3: 1.500 KWD is stored as 1500
 * ```
 */
export function currencyExponent(code: string): number {
  const exponent = EXPONENTS.get(code)
  if (exponent === undefined)
    throw new CommerceError('INVALID_INPUT', `${code} is not an ISO 4217 currency code`)
  return exponent
}

/** Every currency code with its exponent, sorted by code. */
export function currencies(): readonly { readonly code: string; readonly exponent: number }[] {
  return [...EXPONENTS]
    .map(([code, exponent]) => ({ code, exponent }))
    .sort((a, b) => a.code.localeCompare(b.code))
}
