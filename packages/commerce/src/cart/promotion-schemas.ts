import * as v from 'valibot'
import { isCurrency } from '../money/currencies'
import { PromotionCodeSchema } from './cart-schemas'

/** Input of `promotions.create`. */
export interface PromotionInput {
  /** What shoppers type; stored uppercase, unique per tenant. */
  readonly code: string
  readonly type: 'percentage' | 'fixed'
  /** A percentage `type`: decimal text above 0, at most 100 (`"12.5"`). */
  readonly percent?: string | null
  /** A fixed `type`: minor units of `currency`. */
  readonly amount?: number | null
  /** Required for a fixed amount or a minimum subtotal: the promotion applies in it only. */
  readonly currency?: string | null
  /** The cart's subtotal must be at least this (minor units of `currency`). */
  readonly minSubtotal?: number | null
  /** How many orders may use it in all; `null`: no limit. */
  readonly usageLimit?: number | null
  /** How many orders one customer (or guest e-mail) may use it for; `null`: no limit. */
  readonly perCustomerLimit?: number | null
  readonly startsAt?: string | Date | null
  readonly endsAt?: string | Date | null
  /** Default `true`. */
  readonly active?: boolean
}

/** Input of `promotions.update`: absent fields stay; the code and type are fixed. */
export type PromotionPatch = Partial<Omit<PromotionInput, 'code' | 'type'>>

/** The validated {@link PromotionInput}. */
export interface PromotionFields {
  percent?: string | null
  amount?: number | null
  currency?: string | null
  minSubtotal?: number | null
  usageLimit?: number | null
  perCustomerLimit?: number | null
  startsAt?: Date | null
  endsAt?: Date | null
  active?: boolean
}

const Minor = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer of minor units'),
  v.minValue(0, 'must be ≥ 0'),
)
const Count = (min: number) =>
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be an integer'),
    v.minValue(min, `must be ≥ ${min}`),
    v.maxValue(2_000_000_000, 'must be at most 2,000,000,000'),
  )
const Instant = v.pipe(
  v.union([v.date(), v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'))]),
  v.transform((value) => new Date(value)),
)
const fields = {
  percent: v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a decimal text such as "10" or "12.5"'),
        v.trim(),
        v.regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a percentage with at most 4 decimals'),
        v.check((text) => Number(text) > 0 && Number(text) <= 100, 'must be above 0, at most 100'),
      ),
    ),
  ),
  amount: v.optional(v.nullable(Minor)),
  currency: v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.toUpperCase(),
        v.check(isCurrency, 'must be an ISO 4217 currency code'),
      ),
    ),
  ),
  minSubtotal: v.optional(v.nullable(Minor)),
  usageLimit: v.optional(v.nullable(Count(0))),
  perCustomerLimit: v.optional(v.nullable(Count(1))),
  startsAt: v.optional(v.nullable(Instant)),
  endsAt: v.optional(v.nullable(Instant)),
  active: v.optional(v.boolean('must be a boolean')),
}

/** The schema of {@link PromotionInput}. */
export const PromotionInputSchema: v.GenericSchema<
  PromotionInput,
  PromotionFields & { code: string; type: 'percentage' | 'fixed' }
> = v.strictObject({
  code: PromotionCodeSchema,
  type: v.picklist(['percentage', 'fixed'], 'must be percentage or fixed'),
  ...fields,
})

/** The schema of {@link PromotionPatch}. */
export const PromotionPatchSchema: v.GenericSchema<PromotionPatch, PromotionFields> =
  v.strictObject(fields)
