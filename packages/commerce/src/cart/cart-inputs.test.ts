import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { parseInput } from '../internal/parse-input'
import { AddressSchema } from './address-schema'
import { CartInputSchema, CartPatchSchema, LineInputSchema } from './cart-schemas'
import { PromotionInputSchema, PromotionPatchSchema } from './promotion-schemas'
import { ShippingOptionInputSchema } from './shipping-option-schemas'

const SCHEMAS = {
  CartInputSchema,
  CartPatchSchema,
  LineInputSchema,
  AddressSchema,
  PromotionInputSchema,
  PromotionPatchSchema,
  ShippingOptionInputSchema,
}

// Values near the real shapes (so the deeper rules run), and anything JSON.
const near = fc.record(
  {
    regionId: fc.oneof(fc.uuid(), fc.string()),
    variantId: fc.oneof(fc.uuid(), fc.string()),
    quantity: fc.oneof(fc.integer(), fc.double(), fc.string()),
    email: fc.oneof(fc.emailAddress(), fc.string(), fc.constant(null)),
    code: fc.string(),
    type: fc.constantFrom('percentage', 'fixed', 'other'),
    percent: fc.oneof(fc.string(), fc.constant('12.5'), fc.constant(null)),
    amount: fc.oneof(fc.integer(), fc.double(), fc.constant(null)),
    currency: fc.oneof(fc.constantFrom('EUR', 'jpy', 'XXX'), fc.string()),
    countryCode: fc.string(),
    lines: fc.array(fc.record({ variantId: fc.uuid(), quantity: fc.integer() }), { maxLength: 3 }),
    startsAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
    ),
  },
  { requiredKeys: [] },
)

describe('cart, promotion and shipping inputs', () => {
  it('answer a value or INVALID_INPUT naming fields, never another error (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(SCHEMAS)),
        fc.oneof(near, fc.jsonValue()),
        (schema, value) => {
          try {
            parseInput(schema, value)
          } catch (error) {
            expect(isCommerceError(error) && error.code).toBe('INVALID_INPUT')
            expect(isCommerceError(error) && error.errors.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('normalises what a shopper types', () => {
    expect(
      parseInput(PromotionInputSchema, {
        code: ' summer-10 ',
        type: 'fixed',
        amount: 5,
        currency: 'eur',
      }),
    ).toMatchObject({
      code: 'SUMMER-10',
      currency: 'EUR',
    })
    expect(parseInput(CartPatchSchema, { email: ' Ada@Example.COM ' })).toEqual({
      email: 'ada@example.com',
    })
  })
})
