import type { ResolvedCommerceDeps } from '../commerce-deps'
import type { ProductImage } from './product-types'

/** Tags, categories, collections and images of some products, by product id. */
export interface ProductFiling {
  readonly tags: ReadonlyMap<string, string[]>
  readonly categories: ReadonlyMap<string, string[]>
  readonly collections: ReadonlyMap<string, string[]>
  readonly images: ReadonlyMap<string, ProductImage[]>
}

function collect<T>(rows: readonly { product_id: string }[], value: (row: never) => T) {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const list = out.get(row.product_id) ?? []
    list.push(value(row as never))
    out.set(row.product_id, list)
  }
  return out
}

const toImage = (row: {
  position: number
  media_id: string | null
  url: string | null
  alt: string | null
}): ProductImage => ({
  position: row.position,
  mediaId: row.media_id,
  url: row.url,
  alt: row.alt,
})

/** Where the products `ids` are filed and their images: four queries, whatever the count. */
export async function productLinks(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly ids: readonly string[] },
): Promise<ProductFiling> {
  const { tenantId, ids } = scope
  if (ids.length === 0)
    return { tags: new Map(), categories: new Map(), collections: new Map(), images: new Map() }
  const { db } = deps
  const [tags, categories, collections, images] = await Promise.all([
    db
      .selectFrom('commerce_product_tags')
      .select(['product_id', 'tag'])
      .where('tenant_id', '=', tenantId)
      .where('product_id', 'in', ids)
      .orderBy('tag')
      .execute(),
    db
      .selectFrom('commerce_product_categories')
      .select(['product_id', 'category_id'])
      .where('tenant_id', '=', tenantId)
      .where('product_id', 'in', ids)
      .orderBy('category_id')
      .execute(),
    db
      .selectFrom('commerce_collection_products')
      .select(['product_id', 'collection_id'])
      .where('tenant_id', '=', tenantId)
      .where('product_id', 'in', ids)
      .orderBy('collection_id')
      .execute(),
    productImages(deps, { tenantId, ids }),
  ])
  return {
    tags: collect(tags, (row: { tag: string }) => row.tag),
    categories: collect(categories, (row: { category_id: string }) => row.category_id),
    collections: collect(collections, (row: { collection_id: string }) => row.collection_id),
    images,
  }
}

/** The images of the products `ids` in display order (`first`: only each one's first). */
export async function productImages(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly ids: readonly string[]; readonly first?: boolean },
): Promise<Map<string, ProductImage[]>> {
  if (scope.ids.length === 0) return new Map()
  let query = deps.db
    .selectFrom('commerce_product_images')
    .select(['product_id', 'position', 'media_id', 'url', 'alt'])
    .where('tenant_id', '=', scope.tenantId)
    .where('product_id', 'in', scope.ids)
  if (scope.first === true) query = query.where('position', '=', 0)
  const rows = await query.orderBy('product_id').orderBy('position').execute()
  return collect(rows, toImage)
}
