import type { ProductIndexRecord } from '@rustok/commerce'
import { localesOf, type ContentDocument } from './content-document'
import type { IndexLocale } from './index-locales'
import { pickText } from './pick-text'

/** A product's read-model document in one locale, texts picked through the fallback chain. */
export interface ProductDocument {
  readonly tenantId: string
  readonly productId: string
  readonly locale: string
  readonly textLocale: string
  readonly status: string
  readonly published: boolean
  readonly title: string
  readonly subtitle: string | null
  readonly handle: string
  readonly description: string | null
  readonly material: string | null
  /** Lowercase tags. */
  readonly tags: readonly string[]
  readonly categoryIds: readonly string[]
  readonly categoryNames: readonly string[]
  readonly collectionIds: readonly string[]
  /** Option names with their value labels, in order. */
  readonly options: readonly { readonly name: string; readonly values: readonly string[] }[]
  readonly variantCount: number
  readonly skus: readonly string[]
  readonly images: readonly {
    readonly mediaId: string | null
    readonly url: string | null
    readonly alt: string | null
  }[]
  /** Base price range per currency, in minor units. */
  readonly prices: Readonly<Record<string, { readonly min: number; readonly max: number }>>
  /** Some base price is below its compare-at price. */
  readonly onSale: boolean
  /** Some variant can be sold: untracked, backorderable, or with units available. */
  readonly inStock: boolean
  /** Units available (stocked − reserved) over tracked variants. */
  readonly inventoryTotal: number
  readonly publishedAt: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** Either kind of document. */
export type IndexDocument = ContentDocument | ProductDocument

function priceRanges(record: ProductIndexRecord): ProductDocument['prices'] {
  const out: Record<string, { min: number; max: number }> = {}
  for (const price of record.prices) {
    const range = out[price.currency]
    out[price.currency] = range
      ? { min: Math.min(range.min, price.amount), max: Math.max(range.max, price.amount) }
      : { min: price.amount, max: price.amount }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
}

function stockOf(record: ProductIndexRecord): { inStock: boolean; total: number } {
  const available = new Map(record.stock.map((s) => [s.variantId, s.stocked - s.reserved]))
  let inStock = false
  let total = 0
  for (const variant of record.product.variants) {
    const units = available.get(variant.id) ?? 0
    if (!variant.manageInventory || variant.allowBackorder || units > 0) inStock = true
    if (variant.manageInventory) total += Math.max(0, units)
  }
  return { inStock, total }
}

/** The documents of one product: one per locale, none for a product without a translation. */
export function productDocuments(
  record: ProductIndexRecord,
  locales: readonly IndexLocale[] | null,
): ProductDocument[] {
  const { product } = record
  const prices = priceRanges(record)
  const stock = stockOf(record)
  const onSale = record.prices.some((p) => p.compareAt !== null && p.compareAt > p.amount)
  return localesOf(product.translations, locales).flatMap(({ locale, candidates }) => {
    const text = pickText(product.translations, candidates)
    if (!text) return []
    return [
      {
        tenantId: product.tenantId,
        productId: product.id,
        locale,
        textLocale: text.locale,
        status: product.status,
        published: product.status === 'active',
        title: text.title,
        subtitle: text.subtitle,
        handle: text.handle,
        description: text.description,
        material: text.material,
        tags: product.tags,
        categoryIds: record.categories.map((category) => category.id),
        categoryNames: record.categories.map(
          (category) => pickText(category.translations, candidates)?.name ?? '',
        ),
        collectionIds: product.collectionIds,
        options: product.options.map((option) => ({
          name: pickText(option.translations, candidates)?.name ?? '',
          values: option.values.map(
            (value) => pickText(value.translations, candidates)?.label ?? '',
          ),
        })),
        variantCount: product.variants.length,
        skus: product.variants.flatMap((variant) => (variant.sku ? [variant.sku] : [])),
        images: product.images.map(({ mediaId, url, alt }) => ({ mediaId, url, alt })),
        prices,
        onSale,
        inStock: stock.inStock,
        inventoryTotal: stock.total,
        publishedAt: product.publishedAt,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
      },
    ]
  })
}
