import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { getProduct, listProducts } from '../catalogue/product-reads'
import type { ListProductsInput } from '../catalogue/product-schemas'
import { inventoryReads } from '../inventory/inventory-reads'
import { HandleSchema, LocaleSchema, parseInput } from '../internal/parse-input'
import { resolveVariantPrices } from '../pricing/price-resolution'
import type { Region, VariantPrice } from '../pricing/pricing-types'
import type { Localized, StorefrontListItem, StorefrontProduct } from './storefront-types'

/** The first of `texts` in the order of `candidates` (the fallback chain), else the first at all. */
function pick<T extends { readonly locale: string }>(
  texts: readonly T[],
  candidates: readonly string[],
): T | undefined {
  for (const locale of candidates) {
    const found = texts.find((text) => text.locale === locale)
    if (found) return found
  }
  return texts[0]
}

function localized<T>(locale: string, requested: string, value: T): Localized<T> {
  return { locale, requested, fallback: locale !== requested, value }
}

type Tenant = { readonly tenantId: string }

/** What a storefront reads: active products only, in the reader's locale, priced for a region. */
export function storefrontReads(deps: ResolvedCommerceDeps): {
  product(
    scope: Tenant,
    input: { readonly handle: string; readonly locale: string; readonly regionId?: string },
  ): Promise<StorefrontProduct>
  list(
    scope: Tenant,
    input: ListProductsInput & { readonly regionId?: string },
  ): Promise<{
    readonly items: readonly StorefrontListItem[]
    readonly next: ListProductsInput['after'] | null
  }>
} {
  const inventory = inventoryReads(deps)
  const prices = (tenantId: string, variantIds: string[], regionId: string | undefined) =>
    regionId === undefined
      ? Promise.resolve({ region: null as Region | null, items: [] as VariantPrice[] })
      : resolveVariantPrices(deps.db, { tenantId, now: deps.now }, { variantIds, regionId })
  return {
    async product(scope, input) {
      const { tenantId } = scope
      const handle = parseInput(HandleSchema, input.handle)
      const requested = parseInput(LocaleSchema, input.locale)
      // The handle of any locale finds the product; the reader's locale's handle first.
      const match = await deps.db
        .selectFrom('commerce_product_translations as t')
        .innerJoin('commerce_products as p', (join) =>
          join.onRef('p.tenant_id', '=', 't.tenant_id').onRef('p.id', '=', 't.product_id'),
        )
        .select('t.product_id')
        .where('t.tenant_id', '=', tenantId)
        .where('t.handle', '=', handle)
        .where('p.status', '=', 'active')
        .orderBy((eb) => eb.case().when('t.locale', '=', requested).then(0).else(1).end())
        .orderBy('t.locale')
        .limit(1)
        .executeTakeFirst()
      if (!match) throw new CommerceError('NOT_FOUND', `No product with the handle "${handle}"`)
      const product = await getProduct(deps, { tenantId, id: match.product_id })
      const variantIds = product.variants.map((variant) => variant.id)
      const [candidates, priced, stock] = await Promise.all([
        deps.locales(tenantId, requested),
        prices(tenantId, variantIds, input.regionId),
        inventory.availability(scope, variantIds),
      ])
      const text = pick(product.translations, candidates)
      if (!text) throw new CommerceError('NOT_FOUND', `No product with the handle "${handle}"`)
      const labels = new Map(
        product.options.flatMap((option) =>
          option.values.map(
            (value) =>
              [
                value.id,
                { optionId: option.id, label: pick(value.translations, candidates)?.label ?? '' },
              ] as const,
          ),
        ),
      )
      const priceOf = new Map(priced.items.map((item) => [item.variantId, item.price]))
      const stockOf = new Map(stock.map((item) => [item.variantId, item]))
      const { locale, ...value } = text
      return {
        id: product.id,
        publishedAt: product.publishedAt,
        translation: localized(locale, requested, value),
        options: product.options.map((option) => ({
          id: option.id,
          name: pick(option.translations, candidates)?.name ?? '',
        })),
        variants: product.variants.map((variant) => ({
          id: variant.id,
          sku: variant.sku,
          rank: variant.rank,
          options: variant.valueIds.map((valueId) => ({
            optionId: labels.get(valueId)?.optionId ?? '',
            valueId,
            label: labels.get(valueId)?.label ?? '',
          })),
          price: priceOf.get(variant.id) ?? null,
          availability: {
            available: stockOf.get(variant.id)?.available ?? 0,
            inStock: stockOf.get(variant.id)?.inStock ?? false,
          },
        })),
        region: priced.region,
      }
    },
    async list(scope, input) {
      const { regionId, ...rest } = input
      const page = await listProducts(deps, { tenantId: scope.tenantId, activeOnly: true }, rest)
      if (regionId === undefined || page.items.length === 0)
        return { items: page.items.map((item) => ({ ...item, fromPrice: null })), next: page.next }
      const variants = await deps.db
        .selectFrom('commerce_variants')
        .select(['id', 'product_id'])
        .where('tenant_id', '=', scope.tenantId)
        .where(
          'product_id',
          'in',
          page.items.map((item) => item.id),
        )
        .execute()
      const priced = await prices(
        scope.tenantId,
        variants.map((variant) => variant.id),
        regionId,
      )
      const productOf = new Map(variants.map((variant) => [variant.id, variant.product_id]))
      const lowest = new Map<string, VariantPrice['price']>()
      for (const { variantId, price } of priced.items) {
        const productId = productOf.get(variantId) ?? ''
        const current = lowest.get(productId)
        if (price && (!current || price.amount < current.amount)) lowest.set(productId, price)
      }
      return {
        items: page.items.map((item) => ({ ...item, fromPrice: lowest.get(item.id) ?? null })),
        next: page.next,
      }
    },
  }
}
