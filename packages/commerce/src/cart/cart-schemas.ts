import * as v from 'valibot'
import { IdSchema } from '../internal/parse-input'
import { AddressSchema, type AddressInput } from './address-schema'

const Email = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(255, 'must be at most 255 characters'),
  v.email('must be an e-mail address'),
)
const Quantity = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer'),
  v.minValue(1, 'must be ≥ 1'),
  v.maxValue(10_000, 'must be at most 10,000'),
)

/** Input of `carts.create`. */
export interface CartInput {
  /** The region: its currency and tax rule. */
  readonly regionId: string
  /** A guest's e-mail (a customer's cart may have one too). */
  readonly email?: string | null
  readonly shippingAddress?: AddressInput | null
  readonly billingAddress?: AddressInput | null
  readonly lines?: readonly LineInput[]
}

/** Input of `carts.update`: absent fields stay, `null` clears. A new region re-prices the lines. */
export interface CartPatch {
  readonly regionId?: string
  readonly email?: string | null
  readonly shippingAddress?: AddressInput | null
  readonly billingAddress?: AddressInput | null
}

/** A line to add: a variant of an active product, and how many. */
export interface LineInput {
  readonly variantId: string
  readonly quantity: number
}

/** A line's new quantity. */
export interface LinePatch {
  readonly quantity: number
}

const Line = v.strictObject({ variantId: IdSchema, quantity: Quantity })
type LineOut = { variantId: string; quantity: number }
type Address = v.InferOutput<typeof AddressSchema>

/** The schema of {@link LineInput}. */
export const LineInputSchema: v.GenericSchema<LineInput, LineOut> = Line

/** The schema of {@link LinePatch}. */
export const LinePatchSchema: v.GenericSchema<LinePatch, { quantity: number }> = v.strictObject({
  quantity: Quantity,
})

/** The schema of {@link CartInput}. */
export const CartInputSchema: v.GenericSchema<
  CartInput,
  {
    regionId: string
    email: string | null
    shippingAddress: Address | null
    billingAddress: Address | null
    lines: LineOut[]
  }
> = v.strictObject({
  regionId: IdSchema,
  email: v.optional(v.nullable(Email), null),
  shippingAddress: v.optional(v.nullable(AddressSchema), null),
  billingAddress: v.optional(v.nullable(AddressSchema), null),
  lines: v.optional(v.pipe(v.array(Line), v.maxLength(100, 'must have at most 100 lines')), []),
})

/** The schema of {@link CartPatch}. */
export const CartPatchSchema: v.GenericSchema<
  CartPatch,
  {
    regionId?: string
    email?: string | null
    shippingAddress?: Address | null
    billingAddress?: Address | null
  }
> = v.strictObject({
  regionId: v.optional(IdSchema),
  email: v.optional(v.nullable(Email)),
  shippingAddress: v.optional(v.nullable(AddressSchema)),
  billingAddress: v.optional(v.nullable(AddressSchema)),
})

/** A discount code as typed by a shopper: trimmed and uppercased. */
export const PromotionCodeSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.toUpperCase(),
  v.regex(/^[A-Z0-9][A-Z0-9_-]{0,49}$/, 'must be 1–50 letters, digits, _ or -'),
)

/** Body of "add a discount code". */
export const DiscountCodeInputSchema: v.GenericSchema<{ code: string }, { code: string }> =
  v.strictObject({ code: PromotionCodeSchema })

/** Body of "select a shipping option". */
export const ShippingSelectionSchema: v.GenericSchema<
  { shippingOptionId: string | null },
  { shippingOptionId: string | null }
> = v.strictObject({ shippingOptionId: v.nullable(IdSchema) })
