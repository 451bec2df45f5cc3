import type { ResolvedCommerceDeps } from '../commerce-deps'
import { groupBy } from '../internal/pick-translation'
import { productLinks } from './product-link-reads'
import type { Product, ProductOption } from './product-types'

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/**
 * The products of `ids` that exist (any status), each as `getProduct` returns it, in id order:
 * a fixed number of queries however many ids (for read models and rebuilds).
 */
export async function getProducts(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly ids: readonly string[] },
): Promise<Product[]> {
  const { db } = deps
  const { tenantId } = scope
  if (scope.ids.length === 0) return []
  const rows = await db
    .selectFrom('commerce_products')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', scope.ids)
    .orderBy('id')
    .execute()
  const ids = rows.map((row) => row.id)
  if (ids.length === 0) return []
  const translations = await db
    .selectFrom('commerce_product_translations')
    .select(['product_id', 'locale', 'title', 'subtitle', 'handle', 'description', 'material'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', 'in', ids)
    .orderBy('locale')
    .execute()
  const options = await db
    .selectFrom('commerce_product_options')
    .select(['id', 'product_id', 'position'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', 'in', ids)
    .orderBy('position')
    .execute()
  const optionIds = options.map((o) => o.id)
  const optionTexts = optionIds.length
    ? await db
        .selectFrom('commerce_option_translations')
        .select(['option_id', 'locale', 'name'])
        .where('tenant_id', '=', tenantId)
        .where('option_id', 'in', optionIds)
        .orderBy('locale')
        .execute()
    : []
  const values = optionIds.length
    ? await db
        .selectFrom('commerce_option_values')
        .select(['id', 'option_id', 'position'])
        .where('tenant_id', '=', tenantId)
        .where('option_id', 'in', optionIds)
        .orderBy('position')
        .execute()
    : []
  const valueTexts = values.length
    ? await db
        .selectFrom('commerce_option_value_translations')
        .select(['value_id', 'locale', 'label'])
        .where('tenant_id', '=', tenantId)
        .where(
          'value_id',
          'in',
          values.map((value) => value.id),
        )
        .orderBy('locale')
        .execute()
    : []
  const variants = await db
    .selectFrom('commerce_variants')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('product_id', 'in', ids)
    .orderBy('rank')
    .orderBy('id')
    .execute()
  const links = variants.length
    ? await db
        .selectFrom('commerce_variant_option_values')
        .select(['variant_id', 'value_id'])
        .where('tenant_id', '=', tenantId)
        .where(
          'variant_id',
          'in',
          variants.map((variant) => variant.id),
        )
        .execute()
    : []
  const filing = await productLinks(deps, { tenantId, ids })
  const translationsBy = groupBy(translations, (t) => t.product_id)
  const optionsBy = groupBy(options, (o) => o.product_id)
  const optionTextsBy = groupBy(optionTexts, (t) => t.option_id)
  const valuesBy = groupBy(values, (value) => value.option_id)
  const valueTextsBy = groupBy(valueTexts, (t) => t.value_id)
  const variantsBy = groupBy(variants, (variant) => variant.product_id)
  const linksBy = groupBy(links, (link) => link.variant_id)
  return rows.map((row) => {
    const own = optionsBy.get(row.id) ?? []
    const valueOrder = new Map(
      own.flatMap((option, o) =>
        (valuesBy.get(option.id) ?? []).map((value) => [value.id, o] as const),
      ),
    )
    const productOptions: ProductOption[] = own.map((option) => ({
      id: option.id,
      position: option.position,
      translations: (optionTextsBy.get(option.id) ?? []).map(({ locale, name }) => ({
        locale,
        name,
      })),
      values: (valuesBy.get(option.id) ?? []).map((value) => ({
        id: value.id,
        position: value.position,
        translations: (valueTextsBy.get(value.id) ?? []).map(({ locale, label }) => ({
          locale,
          label,
        })),
      })),
    }))
    return {
      id: row.id,
      tenantId: row.tenant_id,
      status: row.status,
      isGiftCard: row.is_gift_card,
      discountable: row.discountable,
      weight: row.weight,
      length: row.length,
      height: row.height,
      width: row.width,
      originCountry: row.origin_country,
      hsCode: row.hs_code,
      externalId: row.external_id,
      metadata: row.metadata,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      publishedAt: iso(row.published_at),
      translations: (translationsBy.get(row.id) ?? []).map(({ product_id: _, ...t }) => t),
      options: productOptions,
      variants: (variantsBy.get(row.id) ?? []).map((variant) => ({
        id: variant.id,
        sku: variant.sku,
        barcode: variant.barcode,
        manageInventory: variant.manage_inventory,
        allowBackorder: variant.allow_backorder,
        rank: variant.rank,
        valueIds: (linksBy.get(variant.id) ?? [])
          .map((link) => link.value_id)
          .sort((a, b) => (valueOrder.get(a) ?? 0) - (valueOrder.get(b) ?? 0)),
        metadata: variant.metadata,
      })),
      tags: filing.tags.get(row.id) ?? [],
      categoryIds: filing.categories.get(row.id) ?? [],
      collectionIds: filing.collections.get(row.id) ?? [],
      images: filing.images.get(row.id) ?? [],
    }
  })
}
