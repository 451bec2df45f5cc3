import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { currencyExponent, isCurrency } from './currencies'
import { divideRounded } from './decimal'
import { allocate, applyDiscount, discountAmount } from './discounts'
import { formatMinor, toMinor } from './money-format'

const code = (work: () => unknown): string | undefined => {
  try {
    work()
    return undefined
  } catch (error) {
    return isCommerceError(error) ? error.code : 'not a CommerceError'
  }
}

describe('currencies', () => {
  it('knows the ISO 4217 exponents', () => {
    expect(['JPY', 'USD', 'KWD', 'EUR', 'CLF', 'ISK'].map(currencyExponent)).toEqual([
      0, 2, 3, 2, 4, 0,
    ])
  })
  it('refuses what is not an uppercase ISO 4217 code', () => {
    expect(isCurrency('usd')).toBe(false)
    expect(code(() => currencyExponent('XYZ'))).toBe('INVALID_INPUT')
  })
  it('formats and parses minor units in the currency exponent, never rounding silently', () => {
    expect(formatMinor(150, 'KWD')).toBe('0.150')
    expect(formatMinor(150, 'JPY')).toBe('150')
    expect(formatMinor(-5, 'USD')).toBe('-0.05')
    expect(toMinor('19.99', 'USD')).toBe(1999)
    expect(toMinor('1.5', 'KWD')).toBe(1500)
    expect(code(() => toMinor('1.5', 'JPY'))).toBe('INVALID_INPUT')
    expect(code(() => toMinor('1.005', 'USD'))).toBe('INVALID_INPUT')
  })
  it('round-trips every amount through its text (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('JPY', 'USD', 'KWD', 'CLF'),
        (amount, currency) => {
          expect(toMinor(formatMinor(amount, currency), currency)).toBe(amount)
        },
      ),
    )
  })
})

describe('rounding (ADR 0025)', () => {
  // [numerator, denominator, half-even, half-up]
  const table: [bigint, bigint, bigint, bigint][] = [
    [5n, 10n, 0n, 1n],
    [15n, 10n, 2n, 2n],
    [25n, 10n, 2n, 3n],
    [35n, 10n, 4n, 4n],
    [-25n, 10n, -2n, -3n],
    [14n, 10n, 1n, 1n],
    [16n, 10n, 2n, 2n],
  ]
  it.each(table.map((row) => ({ row })))('$row', ({ row: [n, d, even, up] }) => {
    expect(divideRounded(n, d, 'half-even')).toBe(even)
    expect(divideRounded(n, d, 'half-up')).toBe(up)
  })
})

describe('discounts', () => {
  // The original's pricing tests (commerce/tests/pricing_service_test.rs), in minor units.
  it.each([
    [10000, '10', 9000],
    [8000, '25', 6000],
    [10000, '50', 5000],
    [10000, '20', 8000],
    [9999, '15', 8499],
    [100, '33.3', 67],
    [1, '50', 1],
    [3, '50', 1],
    [5, '50', 3],
  ])('%d minus %s%% is %d', (amount, percent, expected) => {
    expect(applyDiscount(amount, { type: 'percentage', percent })).toBe(expected)
  })

  it('rounds a half unit to even by default, and up on request', () => {
    expect(discountAmount(25, { type: 'percentage', percent: '10' })).toBe(2)
    expect(discountAmount(25, { type: 'percentage', percent: '10' }, 'half-up')).toBe(3)
    expect(discountAmount(35, { type: 'percentage', percent: '10' })).toBe(4)
  })

  it('caps a fixed discount at the amount and refuses bad percentages', () => {
    expect(applyDiscount(500, { type: 'fixed', amount: 700 })).toBe(0)
    expect(code(() => discountAmount(100, { type: 'percentage', percent: '101' }))).toBe(
      'INVALID_INPUT',
    )
    expect(code(() => discountAmount(100, { type: 'percentage', percent: '-1' }))).toBe(
      'INVALID_INPUT',
    )
    expect(code(() => discountAmount(100, { type: 'percentage', percent: '1e2' }))).toBe(
      'INVALID_INPUT',
    )
    expect(code(() => discountAmount(1.5, { type: 'fixed', amount: 1 }))).toBe('INVALID_INPUT')
  })

  const percent = fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 }))
    .map(([whole, cents]) => (whole === 100 ? '100' : `${whole}.${String(cents).padStart(2, '0')}`))

  it('never goes below zero or above the base (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), percent, (amount, p) => {
        const after = applyDiscount(amount, { type: 'percentage', percent: p })
        expect(after).toBeGreaterThanOrEqual(0)
        expect(after).toBeLessThanOrEqual(amount)
        expect(Number.isSafeInteger(after)).toBe(true)
      }),
    )
  })

  it('allocates an order discount over its lines to the exact total (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lines, fraction) => {
          const sum = lines.reduce((a, b) => a + b, 0)
          const total = Math.floor(sum * fraction)
          const parts = allocate(total, lines)
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
          parts.forEach((part, i) => {
            expect(part).toBeGreaterThanOrEqual(0)
            expect(part).toBeLessThanOrEqual(lines[i] ?? 0)
          })
        },
      ),
    )
  })

  it('gives the leftover units to the largest remainders, earlier lines first', () => {
    expect(allocate(100, [100, 100, 100])).toEqual([34, 33, 33])
    expect(allocate(10, [1, 2, 3, 4])).toEqual([1, 2, 3, 4])
    expect(allocate(5, [3333, 3333, 3334])).toEqual([2, 1, 2])
    expect(code(() => allocate(11, [5, 5]))).toBe('INVALID_INPUT')
  })
})
