import type { ProductStatus } from '../commerce-tables'

/** A product's texts in one locale. */
export interface ProductTranslation {
  readonly locale: string
  readonly title: string
  readonly subtitle: string | null
  readonly handle: string
  readonly description: string | null
  readonly material: string | null
}

/** An option with its values, in order, with every translation. */
export interface ProductOption {
  readonly id: string
  readonly position: number
  readonly translations: readonly { readonly locale: string; readonly name: string }[]
  readonly values: readonly {
    readonly id: string
    readonly position: number
    readonly translations: readonly { readonly locale: string; readonly label: string }[]
  }[]
}

/** A variant: its option values (one per option, in option order) and stock-keeping fields. */
export interface ProductVariant {
  readonly id: string
  readonly sku: string | null
  readonly barcode: string | null
  readonly manageInventory: boolean
  readonly allowBackorder: boolean
  readonly rank: number
  readonly valueIds: readonly string[]
  readonly metadata: Readonly<Record<string, unknown>>
}

/** An image of a product: a media item of the content module or a URL. */
export interface ProductImage {
  readonly position: number
  readonly mediaId: string | null
  readonly url: string | null
  readonly alt: string | null
}

/** A product with everything in it (admin view). Times are ISO 8601 strings in UTC. */
export interface Product {
  readonly id: string
  readonly tenantId: string
  readonly status: ProductStatus
  readonly isGiftCard: boolean
  readonly discountable: boolean
  readonly weight: number | null
  readonly length: number | null
  readonly height: number | null
  readonly width: number | null
  readonly originCountry: string | null
  readonly hsCode: string | null
  readonly externalId: string | null
  readonly metadata: Readonly<Record<string, unknown>>
  readonly createdAt: string
  readonly updatedAt: string
  readonly publishedAt: string | null
  readonly translations: readonly ProductTranslation[]
  readonly options: readonly ProductOption[]
  readonly variants: readonly ProductVariant[]
  /** Lowercase, sorted. */
  readonly tags: readonly string[]
  readonly categoryIds: readonly string[]
  readonly collectionIds: readonly string[]
  /** In display order. */
  readonly images: readonly ProductImage[]
}

/** A product in a list: its fields and its texts in the reader's locale. */
export interface ProductListItem {
  readonly id: string
  readonly status: ProductStatus
  readonly createdAt: string
  readonly publishedAt: string | null
  /** The best translation for the reader's locale; `locale` says which it is. */
  readonly translation: ProductTranslation | null
  /** Its first image, if any. */
  readonly thumbnail: ProductImage | null
}
