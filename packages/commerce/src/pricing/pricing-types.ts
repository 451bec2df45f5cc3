import type { PriceListKind } from '../commerce-tables'
import type { ResolvedPrice } from './price-resolver'

/** A region: where prices are in one currency, with its countries and tax rule. */
export interface Region {
  readonly id: string
  readonly name: string
  readonly currency: string
  /** ISO 3166-1 alpha-2 codes. */
  readonly countries: readonly string[]
  /** A percentage as decimal text, e.g. `"20"` or `"8.875"`. */
  readonly taxRate: string
  /** `true`: prices include the tax (EU style); `false`: tax is added at checkout (US style). */
  readonly taxIncluded: boolean
  readonly createdAt: string
  readonly updatedAt: string
}

/** A price list: prices that lower (`sale`) or replace (`override`) base prices while valid. */
export interface PriceList {
  readonly id: string
  readonly name: string
  readonly description: string | null
  readonly type: PriceListKind
  readonly status: 'draft' | 'active'
  /** Inclusive; `null`: always started. */
  readonly startsAt: string | null
  /** Exclusive; `null`: never ends. */
  readonly endsAt: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** A stored price of a variant. Amounts are integer minor units. */
export interface StoredPrice {
  readonly id: string
  readonly variantId: string
  readonly currency: string
  /** `null`: every region of the currency. */
  readonly regionId: string | null
  /** `null`: the variant's own (base) price. */
  readonly priceListId: string | null
  readonly amount: number
  readonly compareAt: number | null
  readonly minQuantity: number
  readonly maxQuantity: number | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** The tax in a unit price under a region's rule, in minor units. */
export interface PriceTax {
  readonly rate: string
  readonly included: boolean
  /** Included: the part of the price that is tax; else the tax to add. Rounded half-even. */
  readonly amount: number
}

/** A variant's resolved unit price (or `null`: no price applies) and why. */
export interface VariantPrice {
  readonly variantId: string
  readonly price: (ResolvedPrice & { readonly tax: PriceTax | null }) | null
}

/** Prices resolved for many variants at once. */
export interface ResolvedPrices {
  readonly currency: string
  /** The region asked for, when one was. */
  readonly region: Region | null
  /** One entry per asked variant, in the order asked. */
  readonly items: readonly VariantPrice[]
}

/** A page of a list and where the next starts (`null`: the last page). */
export interface IdPage<T> {
  readonly items: readonly T[]
  readonly next: string | null
}
