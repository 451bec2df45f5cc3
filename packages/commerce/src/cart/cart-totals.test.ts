import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { currencyExponent } from '../money/currencies'
import type { Discount } from '../money/discounts'
import { cartTotals } from './cart-totals'

interface Row {
  readonly name: string
  readonly currency: string
  readonly tax: { readonly rate: string; readonly included: boolean }
  readonly lines: readonly [number, number][]
  readonly discounts: readonly Discount[]
  readonly shipping: number
  readonly expected: {
    readonly subtotal: number
    readonly discounts: readonly number[]
    readonly lineDiscounts: readonly number[]
    readonly taxTotal: number
    readonly total: number
  }
}

const pct = (percent: string): Discount => ({ type: 'percentage', percent })
const fixed = (amount: number): Discount => ({ type: 'fixed', amount })

// Worked by hand (ADR 0033); amounts in each currency's minor units.
const TABLE: readonly Row[] = [
  {
    // tax 3998 − 3331.67→3332 = 666; 500 − 416.67→417 = 83; shipping 490 − 408.33→408 = 82
    name: 'EUR, 20% included, no discount',
    currency: 'EUR',
    tax: { rate: '20', included: true },
    lines: [
      [1999, 2],
      [500, 1],
    ],
    discounts: [],
    shipping: 490,
    expected: { subtotal: 4498, discounts: [], lineDiscounts: [0, 0], taxTotal: 831, total: 4988 },
  },
  {
    // 10% of 3000 = 300; tax 2700 × 8.875% = 239.625 → 240
    name: 'USD, 8.875% added, 10% off',
    currency: 'USD',
    tax: { rate: '8.875', included: false },
    lines: [[1000, 3]],
    discounts: [pct('10')],
    shipping: 0,
    expected: {
      subtotal: 3000,
      discounts: [300],
      lineDiscounts: [300],
      taxTotal: 240,
      total: 2940,
    },
  },
  {
    // 500 over [1980, 6600]: 115.38 / 384.62 → [115, 385]; tax 1865 − 1695.45→1695 = 170,
    // 6215 − 5650 = 565, shipping 800 − 727.27→727 = 73
    name: 'JPY (exponent 0), 10% included, ¥500 off',
    currency: 'JPY',
    tax: { rate: '10', included: true },
    lines: [
      [1980, 1],
      [3300, 2],
    ],
    discounts: [fixed(500)],
    shipping: 800,
    expected: {
      subtotal: 8580,
      discounts: [500],
      lineDiscounts: [115, 385],
      taxTotal: 808,
      total: 8880,
    },
  },
  {
    // 15% of 999 = 149.85 → 150; tax 849 × 10% = 84.9 → 85
    name: 'JPY (exponent 0), 10% added, 15% off',
    currency: 'JPY',
    tax: { rate: '10', included: false },
    lines: [[333, 3]],
    discounts: [pct('15')],
    shipping: 0,
    expected: { subtotal: 999, discounts: [150], lineDiscounts: [150], taxTotal: 85, total: 934 },
  },
  {
    // 12.5% of 22345 = 2793.125 → 2793 over [12345, 10000]: 1543.06 / 1249.94 → [1543, 1250];
    // tax 10802 × 5% = 540.1 → 540, 8750 × 5% = 437.5 → 438 (half-even), shipping 75
    name: 'KWD (exponent 3), 5% added, 12.5% off',
    currency: 'KWD',
    tax: { rate: '5', included: false },
    lines: [
      [12345, 1],
      [2500, 4],
    ],
    discounts: [pct('12.5')],
    shipping: 1500,
    expected: {
      subtotal: 22345,
      discounts: [2793],
      lineDiscounts: [1543, 1250],
      taxTotal: 1053,
      total: 22105,
    },
  },
  {
    // 5% included: 4000 − 3809.52→3810 = 190 on the line after 1.000 KWD off, 0 on shipping
    name: 'KWD (exponent 3), 5% included, 1.000 KWD off',
    currency: 'KWD',
    tax: { rate: '5', included: true },
    lines: [[5000, 1]],
    discounts: [fixed(1000)],
    shipping: 0,
    expected: {
      subtotal: 5000,
      discounts: [1000],
      lineDiscounts: [1000],
      taxTotal: 190,
      total: 4000,
    },
  },
  {
    // 50% of 999 = 499.5 → 500 (half-even); then a fixed 1000 is capped at the 499 left
    name: 'EUR, 20% added, 50% then a fixed amount larger than what is left',
    currency: 'EUR',
    tax: { rate: '20', included: false },
    lines: [[999, 1]],
    discounts: [pct('50'), fixed(1000)],
    shipping: 0,
    expected: { subtotal: 999, discounts: [500, 499], lineDiscounts: [999], taxTotal: 0, total: 0 },
  },
]

describe('cart totals (ADR 0033)', () => {
  it.each(TABLE.map((row) => ({ row, name: row.name })))('$name', ({ row }) => {
    expect(currencyExponent(row.currency)).toBeGreaterThanOrEqual(0)
    const totals = cartTotals({
      lines: row.lines.map(([unitPrice, quantity]) => ({ unitPrice, quantity })),
      tax: row.tax,
      discounts: row.discounts,
      shipping: row.shipping,
    })
    expect({
      subtotal: totals.subtotal,
      discounts: totals.discounts,
      lineDiscounts: totals.lines.map((line) => line.discount),
      taxTotal: totals.taxTotal,
      total: totals.total,
    }).toEqual(row.expected)
    expect(totals.shippingTotal).toBe(row.shipping)
    expect(totals.discountTotal).toBe(row.expected.discounts.reduce((a, b) => a + b, 0))
  })

  it('covers the three currency exponents', () => {
    expect(new Set(TABLE.map((row) => currencyExponent(row.currency)))).toEqual(new Set([0, 2, 3]))
  })

  const discount = fc.oneof(
    fc.integer({ min: 0, max: 100 }).map((p) => pct(String(p))),
    fc.integer({ min: 0, max: 1e6 }).map(fixed),
  )

  it('parts always add up to the totals, and nothing goes negative (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 100 })), {
          maxLength: 10,
        }),
        fc.array(discount, { maxLength: 3 }),
        fc.record({ shipping: fc.integer({ min: 0, max: 1e5 }), included: fc.boolean() }),
        (lines, discounts, { shipping, included }) => {
          const totals = cartTotals({
            lines: lines.map(([unitPrice, quantity]) => ({ unitPrice, quantity })),
            tax: { rate: '19', included },
            discounts,
            shipping,
          })
          const sum = (pick: (line: (typeof totals.lines)[number]) => number) =>
            totals.lines.reduce((a, line) => a + pick(line), 0)
          expect(sum((l) => l.subtotal)).toBe(totals.subtotal)
          expect(sum((l) => l.discount)).toBe(totals.discountTotal)
          expect(totals.discountTotal).toBeLessThanOrEqual(totals.subtotal)
          const lineTax = sum((l) => l.tax)
          expect(totals.taxTotal).toBeGreaterThanOrEqual(lineTax)
          expect(totals.total).toBe(
            sum((l) => l.total) + shipping + (included ? 0 : totals.taxTotal - lineTax),
          )
          expect(totals.total).toBeGreaterThanOrEqual(0)
        },
      ),
    )
  })
})
