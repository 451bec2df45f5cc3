import * as v from 'valibot'
import { isCurrency } from '../money/currencies'
import { IdSchema } from '../internal/parse-input'

const name = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(100, 'must be at most 100 characters'),
)
const Currency = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.toUpperCase(),
  v.check(isCurrency, 'must be an ISO 4217 currency code'),
)
const Country = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))
const TaxRate = v.pipe(
  v.string('must be a decimal text such as "20" or "8.875"'),
  v.trim(),
  v.regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a percentage with at most 4 decimals'),
  v.check((text) => Number(text) <= 100, 'must be at most 100'),
)
const Minor = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer of minor units'),
  v.minValue(0, 'must be ≥ 0'),
)
const Quantity = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer'),
  v.minValue(1, 'must be ≥ 1'),
  v.maxValue(1_000_000_000, 'must be at most 1,000,000,000'),
)
const Instant = v.nullable(
  v.pipe(
    v.union([v.date(), v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'))]),
    v.transform((value) => new Date(value)),
  ),
)
const uniqueCountries = (countries: string[]): boolean =>
  new Set(countries).size === countries.length

/** Input of `regions.create`. */
export interface RegionInput {
  readonly name: string
  /** ISO 4217; fixed once created (its prices are in it). */
  readonly currency: string
  readonly countries?: readonly string[]
  /** A percentage as decimal text: `"20"`, `"8.875"`. Default `"0"`. */
  readonly taxRate?: string
  /** Default `false`: tax is added on top. */
  readonly taxIncluded?: boolean
}

/** Input of `regions.update`: absent fields stay. */
export interface RegionPatch {
  readonly name?: string
  readonly countries?: readonly string[]
  readonly taxRate?: string
  readonly taxIncluded?: boolean
}

const Countries = v.pipe(
  v.array(Country, 'must be a list'),
  v.maxLength(250, 'must have at most 250 countries'),
  v.check(uniqueCountries, 'must not repeat a country'),
)

/** The schema of {@link RegionInput}. */
export const RegionInputSchema: v.GenericSchema<
  RegionInput,
  { name: string; currency: string; countries: string[]; taxRate: string; taxIncluded: boolean }
> = v.object({
  name,
  currency: Currency,
  countries: v.optional(Countries, []),
  taxRate: v.optional(TaxRate, '0'),
  taxIncluded: v.optional(v.boolean('must be a boolean'), false),
})

/** The schema of {@link RegionPatch}. */
export const RegionPatchSchema: v.GenericSchema<
  RegionPatch,
  { name?: string; countries?: string[]; taxRate?: string; taxIncluded?: boolean }
> = v.object({
  name: v.optional(name),
  countries: v.optional(Countries),
  taxRate: v.optional(TaxRate),
  taxIncluded: v.optional(v.boolean('must be a boolean')),
})

/** Input of `priceLists.create`. */
export interface PriceListInput {
  readonly name: string
  readonly description?: string | null
  /** `sale`: lowers base prices (never raises); `override`: replaces them. Fixed once created. */
  readonly type: 'sale' | 'override'
  /** Default `draft`: not applied until `active`. */
  readonly status?: 'draft' | 'active'
  readonly startsAt?: string | Date | null
  readonly endsAt?: string | Date | null
}

/** Input of `priceLists.update`: absent fields stay. */
export interface PriceListPatch {
  readonly name?: string
  readonly description?: string | null
  readonly status?: 'draft' | 'active'
  readonly startsAt?: string | Date | null
  readonly endsAt?: string | Date | null
}

const Description = v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(1000)))
const Status = v.picklist(['draft', 'active'], 'must be draft or active')

/** The schema of {@link PriceListInput}. */
export const PriceListInputSchema: v.GenericSchema<
  PriceListInput,
  {
    name: string
    description: string | null
    type: 'sale' | 'override'
    status: 'draft' | 'active'
    startsAt: Date | null
    endsAt: Date | null
  }
> = v.pipe(
  v.object({
    name,
    description: v.optional(Description, null),
    type: v.picklist(['sale', 'override'], 'must be sale or override'),
    status: v.optional(Status, 'draft'),
    startsAt: v.optional(Instant, null),
    endsAt: v.optional(Instant, null),
  }),
  v.forward(
    v.check(
      (input) => !input.startsAt || !input.endsAt || input.startsAt < input.endsAt,
      'must be after startsAt',
    ),
    ['endsAt'],
  ),
)

/** The schema of {@link PriceListPatch}. */
export const PriceListPatchSchema: v.GenericSchema<
  PriceListPatch,
  {
    name?: string
    description?: string | null
    status?: 'draft' | 'active'
    startsAt?: Date | null
    endsAt?: Date | null
  }
> = v.object({
  name: v.optional(name),
  description: v.optional(Description),
  status: v.optional(Status),
  startsAt: v.optional(Instant),
  endsAt: v.optional(Instant),
})

/** Input of `prices.add`: a variant's price in a currency, maybe for a region, list and tier. */
export interface PriceInput {
  readonly currency: string
  /** Integer minor units (cents): 1999 = 19.99 EUR. */
  readonly amount: number
  /** The "was" price, ≥ amount; `null`: none. */
  readonly compareAt?: number | null
  /** A region of the same currency; `null`: every region of the currency. */
  readonly regionId?: string | null
  /** `null`: the variant's own (base) price. */
  readonly priceListId?: string | null
  /** The tier's first quantity, default 1. */
  readonly minQuantity?: number
  /** The tier's last quantity (inclusive); `null`: no end. */
  readonly maxQuantity?: number | null
}

/** Input of `prices.update`: absent fields stay. */
export interface PricePatch {
  readonly amount?: number
  readonly compareAt?: number | null
  readonly maxQuantity?: number | null
}

/** The schema of {@link PriceInput}. */
export const PriceInputSchema: v.GenericSchema<
  PriceInput,
  {
    currency: string
    amount: number
    compareAt: number | null
    regionId: string | null
    priceListId: string | null
    minQuantity: number
    maxQuantity: number | null
  }
> = v.pipe(
  v.object({
    currency: Currency,
    amount: Minor,
    compareAt: v.optional(v.nullable(Minor), null),
    regionId: v.optional(v.nullable(IdSchema), null),
    priceListId: v.optional(v.nullable(IdSchema), null),
    minQuantity: v.optional(Quantity, 1),
    maxQuantity: v.optional(v.nullable(Quantity), null),
  }),
  v.forward(
    v.check(
      (input) => input.compareAt === null || input.compareAt >= input.amount,
      'must be at least the amount',
    ),
    ['compareAt'],
  ),
  v.forward(
    v.check(
      (input) => input.maxQuantity === null || input.maxQuantity >= input.minQuantity,
      'must be at least minQuantity',
    ),
    ['maxQuantity'],
  ),
)

/** The schema of {@link PricePatch}. */
export const PricePatchSchema: v.GenericSchema<
  PricePatch,
  { amount?: number; compareAt?: number | null; maxQuantity?: number | null }
> = v.object({
  amount: v.optional(Minor),
  compareAt: v.optional(v.nullable(Minor)),
  maxQuantity: v.optional(v.nullable(Quantity)),
})

/** What prices are resolved for: a region (its currency and tax) or a bare currency. */
export interface ResolvePricesInput {
  readonly variantIds: readonly string[]
  /** A region of the tenant; its currency applies, and its regional prices come first. */
  readonly regionId?: string
  /** Without a region: currency-wide prices in this currency. */
  readonly currency?: string
  /** Default 1. */
  readonly quantity?: number
  /** Default: now. */
  readonly at?: Date
}

/** The schema of {@link ResolvePricesInput}. */
export const ResolvePricesSchema: v.GenericSchema<
  ResolvePricesInput,
  { variantIds: string[]; regionId?: string; currency?: string; quantity: number; at?: Date }
> = v.pipe(
  v.object({
    variantIds: v.pipe(v.array(IdSchema), v.maxLength(500, 'must have at most 500 variants')),
    regionId: v.optional(IdSchema),
    currency: v.optional(Currency),
    quantity: v.optional(Quantity, 1),
    at: v.optional(v.date()),
  }),
  v.check(
    (input) => (input.regionId === undefined) !== (input.currency === undefined),
    'name a region or a currency (one of them)',
  ),
)

/** A page of a list by id (newest first: ids are time-ordered). */
export interface IdPageInput {
  /** 1–100, default 20. */
  readonly limit?: number
  /** The `next` of the previous page. */
  readonly after?: string
}

/** The schema of {@link IdPageInput}. */
export const IdPageSchema: v.GenericSchema<IdPageInput, { limit: number; after?: string }> =
  v.object({
    limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)), 20),
    after: v.optional(IdSchema),
  })
