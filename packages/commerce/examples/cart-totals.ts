// A cart's totals in integer minor units (ADR 0033): two lines in yen with the tax in the prices,
// a 10% code then ¥500 off, and flat-rate shipping. Run it: npx tsx examples/cart-totals.ts
import { cartTotals, formatMinor } from '@rustok/commerce'

const totals = cartTotals({
  lines: [
    { unitPrice: 1980, quantity: 1 },
    { unitPrice: 3300, quantity: 2 },
  ],
  tax: { rate: '10', included: true },
  discounts: [
    { type: 'percentage', percent: '10' },
    { type: 'fixed', amount: 500 },
  ],
  shipping: 800,
})
console.log(totals.discounts) // [ 858, 500 ]: 10% of 8580, then 500 off what is left
console.log(totals.lines.map((line) => line.discount)) // [ 313, 1045 ]: split by largest remainder
console.log(totals.taxTotal, formatMinor(totals.total, 'JPY')) // 730 8022: the tax is in the total
