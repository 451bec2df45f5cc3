// Money as integer minor units: currency exponents, exact percentage discounts rounded once
// (half-even), an order discount split over its lines to the exact total, and the price resolver
// picking a region's sale price. Run it: npx tsx examples/money.ts
import { allocate, applyDiscount, formatMinor, resolvePrice, toMinor } from '@rustok/commerce'

console.log(toMinor('19.99', 'USD'), toMinor('1.5', 'KWD'), toMinor('1500', 'JPY')) // 1999 1500 1500
console.log(formatMinor(applyDiscount(9999, { type: 'percentage', percent: '15' }), 'USD')) // 84.99
console.log(allocate(1000, [2999, 2999, 4002])) // [ 300, 300, 400 ]

const summer = {
  id: 'summer',
  type: 'sale',
  status: 'active',
  startsAt: null,
  endsAt: null,
} as const
const price = resolvePrice(
  [
    {
      id: 'eur',
      currency: 'EUR',
      regionId: null,
      minQuantity: 1,
      maxQuantity: null,
      amount: 2500,
      compareAt: null,
      priceList: null,
    },
    {
      id: 'de',
      currency: 'EUR',
      regionId: 'de',
      minQuantity: 1,
      maxQuantity: null,
      amount: 2400,
      compareAt: null,
      priceList: null,
    },
    {
      id: 'sale',
      currency: 'EUR',
      regionId: null,
      minQuantity: 1,
      maxQuantity: null,
      amount: 1999,
      compareAt: null,
      priceList: summer,
    },
  ],
  { currency: 'EUR', regionId: 'de', quantity: 1, at: new Date() },
)
console.log(price?.amount, price?.compareAt, price?.reason.source, price?.reason.priceListId) // 1999 2400 sale summer
