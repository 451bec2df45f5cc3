import { escapeLike, exactTimestamp, keysetAfter } from '@rustok/core-db'
import { sql } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { IdSchema, parseInput } from '../internal/parse-input'
import { groupBy } from '../internal/pick-translation'
import { ListProductsSchema, type ListProductsInput } from './product-schemas'
import { productImages, productLinks } from './product-link-reads'
import type { Product, ProductListItem, ProductOption, ProductTranslation } from './product-types'

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/** A product with its translations, options, values and variants: a fixed number of queries. */
export async function getProduct(
  deps: ResolvedCommerceDeps,
  ref: { readonly tenantId: string; readonly id: string },
): Promise<Product> {
  const { db } = deps
  const { tenantId } = ref
  const id = parseInput(IdSchema, ref.id)
  const row = await db
    .selectFrom('commerce_products')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw new CommerceError('NOT_FOUND', `Product ${id} not found`)
  const translations = await db
    .selectFrom('commerce_product_translations')
    .select(['locale', 'title', 'subtitle', 'handle', 'description', 'material'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', id)
    .orderBy('locale')
    .execute()
  const options = await db
    .selectFrom('commerce_product_options')
    .select(['id', 'position'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', id)
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
    .where('product_id', '=', id)
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
  const filing = await productLinks(deps, { tenantId, ids: [id] })
  const optionTextsBy = groupBy(optionTexts, (t) => t.option_id)
  const valuesBy = groupBy(values, (value) => value.option_id)
  const valueTextsBy = groupBy(valueTexts, (t) => t.value_id)
  const linksBy = groupBy(links, (link) => link.variant_id)
  const valueOrder = new Map(
    options.flatMap((option, o) =>
      (valuesBy.get(option.id) ?? []).map((value) => [value.id, o] as const),
    ),
  )
  const productOptions: ProductOption[] = options.map((option) => ({
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
    translations,
    options: productOptions,
    variants: variants.map((variant) => ({
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
    tags: filing.tags.get(id) ?? [],
    categoryIds: filing.categories.get(id) ?? [],
    collectionIds: filing.collections.get(id) ?? [],
    images: filing.images.get(id) ?? [],
  }
}

/** One page of products and where the next starts (`null` on the last page). */
export interface ProductPage {
  readonly items: readonly ProductListItem[]
  readonly next: { readonly value: string; readonly id: string } | null
}

/**
 * A page of the tenant's products, newest first, each with its texts in the reader's locale
 * (the tenant's fallback chain): three statements however many products. `activeOnly` is the
 * storefront's view.
 */
export async function listProducts(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly activeOnly?: boolean },
  rawInput: ListProductsInput,
): Promise<ProductPage> {
  const input = parseInput(ListProductsSchema, rawInput)
  const { tenantId } = scope
  let query = deps.db
    .selectFrom('commerce_products as p')
    .select(['p.id', 'p.status', 'p.created_at', 'p.published_at'])
    .select(exactTimestamp('p.created_at').as('cursor'))
    .where('p.tenant_id', '=', tenantId)
  if (scope.activeOnly === true) query = query.where('p.status', '=', 'active')
  if (input.status) query = query.where('p.status', '=', input.status)
  if (input.collectionId) {
    const collectionId = input.collectionId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('commerce_collection_products as cp')
          .select('cp.product_id')
          .whereRef('cp.product_id', '=', 'p.id')
          .where('cp.tenant_id', '=', tenantId)
          .where('cp.collection_id', '=', collectionId),
      ),
    )
  }
  if (input.categoryId) {
    // The category and every category under it.
    const subtree = sql<string>`(
      with recursive subtree (id) as (
        select id from commerce_categories where tenant_id = ${tenantId} and id = ${input.categoryId}
        union
        select c.id from commerce_categories c join subtree s on c.parent_id = s.id
        where c.tenant_id = ${tenantId}
      ) select id from subtree)`
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('commerce_product_categories as pc')
          .select('pc.product_id')
          .whereRef('pc.product_id', '=', 'p.id')
          .where('pc.tenant_id', '=', tenantId)
          .where(sql<boolean>`pc.category_id in ${subtree}`),
      ),
    )
  }
  if (input.tag) {
    const tag = input.tag
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('commerce_product_tags as pt')
          .select('pt.product_id')
          .whereRef('pt.product_id', '=', 'p.id')
          .where('pt.tenant_id', '=', tenantId)
          .where('pt.tag', '=', tag),
      ),
    )
  }
  if (input.q) {
    const pattern = `%${escapeLike(input.q.toLowerCase())}%`
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('commerce_product_translations as qt')
          .select('qt.product_id')
          .whereRef('qt.product_id', '=', 'p.id')
          .where('qt.tenant_id', '=', tenantId)
          .where(sql<boolean>`lower(qt.title) like ${pattern}`),
      ),
    )
  }
  const rows = await query
    .where(
      keysetAfter({
        column: 'p.created_at',
        idColumn: 'p.id',
        direction: 'desc',
        position: input.after && { ...input.after, timestamp: true },
      }),
    )
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(input.limit + 1)
    .execute()
  const page = rows.slice(0, input.limit)
  const texts = page.length
    ? await deps.db
        .selectFrom('commerce_product_translations')
        .select(['product_id', 'locale', 'title', 'subtitle', 'handle', 'description', 'material'])
        .where('tenant_id', '=', tenantId)
        .where(
          'product_id',
          'in',
          page.map((row) => row.id),
        )
        .orderBy('locale')
        .execute()
    : []
  const [candidates, thumbnails] = await Promise.all([
    deps.locales(tenantId, input.locale),
    productImages(deps, { tenantId, ids: page.map((row) => row.id), first: true }),
  ])
  const textsBy = groupBy(texts, (t) => t.product_id)
  const items = page.map((row): ProductListItem => {
    const own = textsBy.get(row.id) ?? []
    const chosen = candidates.map((l) => own.find((t) => t.locale === l)).find(Boolean) ?? own[0]
    const translation: ProductTranslation | null = chosen
      ? {
          locale: chosen.locale,
          title: chosen.title,
          subtitle: chosen.subtitle,
          handle: chosen.handle,
          description: chosen.description,
          material: chosen.material,
        }
      : null
    return {
      id: row.id,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      publishedAt: iso(row.published_at),
      translation,
      thumbnail: thumbnails.get(row.id)?.[0] ?? null,
    }
  })
  const last = page.at(-1)
  return {
    items,
    next: rows.length > input.limit && last ? { value: last.cursor, id: last.id } : null,
  }
}
