import type { ProductListItem } from '../catalogue/product-types'
import type { VariantAvailability } from '../inventory/inventory-reads'
import type { Region, VariantPrice } from '../pricing/pricing-types'

/** A text in the reader's locale, and where it came from. */
export interface Localized<T> {
  /** The locale this text is in. */
  readonly locale: string
  /** The locale asked for. */
  readonly requested: string
  /** `true` when `locale` differs from `requested` (the tenant's fallback chain applied). */
  readonly fallback: boolean
  readonly value: T
}

/** A variant as a storefront shows it: its option labels, price and availability. */
export interface StorefrontVariant {
  readonly id: string
  readonly sku: string | null
  readonly rank: number
  readonly options: readonly {
    readonly optionId: string
    readonly valueId: string
    readonly label: string
  }[]
  /** `null` without a region, or when no price applies. */
  readonly price: VariantPrice['price']
  readonly availability: Omit<VariantAvailability, 'variantId'>
}

/** An active product in the reader's locale, with prices for a region. */
export interface StorefrontProduct {
  readonly id: string
  readonly publishedAt: string | null
  readonly translation: Localized<{
    readonly title: string
    readonly subtitle: string | null
    readonly handle: string
    readonly description: string | null
    readonly material: string | null
  }>
  readonly options: readonly { readonly id: string; readonly name: string }[]
  readonly variants: readonly StorefrontVariant[]
  /** The region prices are for, when one was asked. */
  readonly region: Region | null
}

/** A product in a storefront list: its texts and, with a region, its lowest variant price. */
export interface StorefrontListItem extends ProductListItem {
  /** The lowest resolved unit price among its variants ("from …"); `null` without a region. */
  readonly fromPrice: VariantPrice['price']
}
