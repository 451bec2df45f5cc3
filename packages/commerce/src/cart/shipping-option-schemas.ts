import * as v from 'valibot'
import { IdSchema } from '../internal/parse-input'

/** Input of `shippingOptions.create`: a flat rate of a region, in its currency's minor units. */
export interface ShippingOptionInput {
  readonly regionId: string
  readonly name: string
  readonly amount: number
}

/** Input of `shippingOptions.update`: absent fields stay; the region is fixed. */
export interface ShippingOptionPatch {
  readonly name?: string
  readonly amount?: number
}

const Name = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(100, 'must be at most 100 characters'),
)
const Amount = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer of minor units'),
  v.minValue(0, 'must be ≥ 0'),
)

/** The schema of {@link ShippingOptionInput}. */
export const ShippingOptionInputSchema: v.GenericSchema<
  ShippingOptionInput,
  { regionId: string; name: string; amount: number }
> = v.strictObject({ regionId: IdSchema, name: Name, amount: Amount })

/** The schema of {@link ShippingOptionPatch}. */
export const ShippingOptionPatchSchema: v.GenericSchema<
  ShippingOptionPatch,
  { name?: string; amount?: number }
> = v.strictObject({ name: v.optional(Name), amount: v.optional(Amount) })
