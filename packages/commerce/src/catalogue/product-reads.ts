import { escapeLike, exactTimestamp, keysetAfter } from '@rustok/core-db'
import { sql } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { IdSchema, parseInput } from '../internal/parse-input'
import { groupBy } from '../internal/pick-translation'
import { getProducts } from './product-batch-reads'
import { ListProductsSchema, type ListProductsInput } from './product-schemas'
import { productImages } from './product-link-reads'
import type { Product, ProductListItem, ProductTranslation } from './product-types'

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/**
 * A product with its translations, options, values and variants: a fixed number of queries (the
 * batch read of {@link getProducts} for one id, so a product reads the same either way).
 */
export async function getProduct(
  deps: ResolvedCommerceDeps,
  ref: { readonly tenantId: string; readonly id: string },
): Promise<Product> {
  const id = parseInput(IdSchema, ref.id)
  const [product] = await getProducts(deps, { tenantId: ref.tenantId, ids: [id] })
  if (!product) throw new CommerceError('NOT_FOUND', `Product ${id} not found`)
  return product
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
