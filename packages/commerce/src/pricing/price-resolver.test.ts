import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolvePrice, type PriceCandidate, type PriceListRule } from './price-resolver'

const at = new Date('2026-06-01T12:00:00Z')
const eu = 'region-eu'
const base = (id: string, amount: number, more: Partial<PriceCandidate> = {}): PriceCandidate => ({
  id,
  currency: 'EUR',
  regionId: null,
  minQuantity: 1,
  maxQuantity: null,
  amount,
  compareAt: null,
  priceList: null,
  ...more,
})
const list = (
  id: string,
  type: 'sale' | 'override',
  more: Partial<PriceListRule> = {},
): PriceListRule => ({
  id,
  type,
  status: 'active',
  startsAt: null,
  endsAt: null,
  ...more,
})
const context = { currency: 'EUR', regionId: eu, quantity: 1, at }

describe('resolvePrice', () => {
  it('prefers the region, then the narrowest quantity tier', () => {
    const prices = [
      base('a', 1000),
      base('b', 950, { regionId: eu }),
      base('c', 900, { minQuantity: 10 }),
      base('d', 880, { regionId: eu, minQuantity: 10, maxQuantity: 49 }),
    ]
    expect(resolvePrice(prices, context)?.reason.priceId).toBe('b')
    expect(resolvePrice(prices, { ...context, quantity: 10 })?.reason.priceId).toBe('d')
    expect(resolvePrice(prices, { ...context, quantity: 50 })?.reason.priceId).toBe('b')
    expect(resolvePrice(prices, { ...context, regionId: null, quantity: 50 })?.reason.priceId).toBe(
      'c',
    )
    expect(resolvePrice(prices, { ...context, currency: 'USD' })).toBeUndefined()
  })

  it('lowers the price by an active sale, showing the base struck through', () => {
    const sale = list('summer', 'sale', {
      startsAt: new Date('2026-05-01'),
      endsAt: new Date('2026-07-01'),
    })
    const prices = [base('a', 1000), base('s', 800, { priceList: sale })]
    expect(resolvePrice(prices, context)).toEqual({
      amount: 800,
      currency: 'EUR',
      compareAt: 1000,
      reason: {
        source: 'sale',
        priceId: 's',
        priceListId: 'summer',
        regional: false,
        tier: { minQuantity: 1, maxQuantity: null },
      },
    })
    expect(resolvePrice(prices, { ...context, at: new Date('2026-07-01') })?.amount).toBe(1000)
    expect(
      resolvePrice([base('a', 1000), base('s', 1200, { priceList: sale })], context)?.amount,
    ).toBe(1000)
    const draft = list('draft', 'sale', { status: 'draft' })
    expect(
      resolvePrice([base('a', 1000), base('s', 1, { priceList: draft })], context)?.amount,
    ).toBe(1000)
  })

  it('lets an override win even above the base', () => {
    const b2b = list('b2b', 'override')
    const prices = [
      base('a', 1000),
      base('o', 1100, { priceList: b2b }),
      base('s', 500, { priceList: list('x', 'sale') }),
    ]
    expect(resolvePrice(prices, context)).toMatchObject({
      amount: 1100,
      reason: { source: 'override', priceListId: 'b2b' },
    })
  })

  const listArb = fc.option(
    fc.record({
      id: fc.constantFrom('l1', 'l2', 'l3'),
      type: fc.constantFrom('sale' as const, 'override' as const),
      status: fc.constantFrom('draft' as const, 'active' as const),
      startsAt: fc.option(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
        { nil: null },
      ),
      endsAt: fc.option(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
        { nil: null },
      ),
    }),
    { nil: null },
  )
  const priceArb = fc.record({
    id: fc.uuid(),
    currency: fc.constantFrom('EUR', 'USD'),
    regionId: fc.constantFrom(null, eu, 'region-us'),
    minQuantity: fc.integer({ min: 1, max: 20 }),
    maxQuantity: fc.option(fc.integer({ min: 20, max: 100 }), { nil: null }),
    amount: fc.integer({ min: 0, max: 1e9 }),
    compareAt: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: null }),
    priceList: listArb,
  })
  const contextArb = fc.record({
    currency: fc.constantFrom('EUR', 'USD'),
    regionId: fc.constantFrom(null, eu, 'region-us'),
    quantity: fc.integer({ min: 1, max: 120 }),
    at: fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
  })

  it('is deterministic, picks an applicable price, and a sale never raises it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(priceArb, { maxLength: 12 }),
        contextArb,
        fc.nat(),
        (prices, ctx, seed) => {
          const resolved = resolvePrice(prices, ctx)
          const shuffled = [...prices].sort(
            (a, b) => (a.id.charCodeAt(seed % 36) || 0) - (b.id.charCodeAt(seed % 36) || 0),
          )
          expect(resolvePrice(shuffled, ctx)).toEqual(resolved)
          if (!resolved) return
          const picked = prices.find((price) => price.id === resolved.reason.priceId)
          expect(picked?.currency).toBe(ctx.currency)
          expect(picked && ctx.quantity >= picked.minQuantity).toBe(true)
          expect(resolved.amount).toBeGreaterThanOrEqual(0)
          const baseOnly = resolvePrice(
            prices.filter((price) => price.priceList === null),
            ctx,
          )
          if (resolved.reason.source !== 'override' && baseOnly)
            expect(resolved.amount).toBeLessThanOrEqual(baseOnly.amount)
          if (resolved.reason.source === 'sale' && baseOnly) {
            expect(resolved.amount).toBeLessThan(baseOnly.amount)
            expect(resolved.compareAt).toBe(baseOnly.amount)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
