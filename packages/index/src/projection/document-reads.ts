import { sql, type Kysely } from 'kysely'
import type { ContentDocument } from '../documents/content-document'
import type { ProductDocument } from '../documents/product-document'

/* eslint-disable @typescript-eslint/no-explicit-any -- reads the index tables on any database */

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

interface ContentRow {
  tenant_id: string
  node_id: string
  locale: string
  text_locale: string
  kind: string
  status: string
  published: boolean
  author_id: string | null
  category_id: string | null
  category_ids: string[]
  category_names: string[]
  tag_ids: string[]
  tag_names: string[]
  title: string
  slug: string
  excerpt: string | null
  body: string
  seo: ContentDocument['seo']
  published_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}

interface ProductRow {
  tenant_id: string
  product_id: string
  locale: string
  text_locale: string
  status: string
  published: boolean
  title: string
  subtitle: string | null
  handle: string
  description: string | null
  material: string | null
  tags: string[]
  category_ids: string[]
  category_names: string[]
  collection_ids: string[]
  options: ProductDocument['options']
  variant_count: number
  skus: string[]
  images: ProductDocument['images']
  prices: ProductDocument['prices']
  on_sale: boolean
  in_stock: boolean
  inventory_total: number
  published_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}

/** Which stored documents to read: a tenant's generation, optionally only some ids. */
export interface DocumentScope {
  readonly tenantId: string
  readonly generation: number
  readonly ids?: readonly string[]
}

/** The stored content documents of a generation, by node id then locale. */
export async function readContentDocuments(
  db: Kysely<any>,
  scope: DocumentScope,
): Promise<ContentDocument[]> {
  const rows = await sql<ContentRow>`
    select * from index_content where tenant_id = ${scope.tenantId}
      and generation = ${scope.generation}
      ${scope.ids ? sql`and node_id = any(${[...scope.ids]}::uuid[])` : sql``}
    order by node_id, locale`.execute(db)
  return rows.rows.map((row) => ({
    tenantId: row.tenant_id,
    nodeId: row.node_id,
    locale: row.locale,
    textLocale: row.text_locale,
    kind: row.kind,
    status: row.status,
    published: row.published,
    authorId: row.author_id,
    categoryId: row.category_id,
    categoryIds: row.category_ids,
    categoryNames: row.category_names,
    tagIds: row.tag_ids,
    tagNames: row.tag_names,
    title: row.title,
    slug: row.slug,
    excerpt: row.excerpt,
    body: row.body,
    seo: row.seo,
    publishedAt: iso(row.published_at),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }))
}

/** The stored product documents of a generation, by product id then locale. */
export async function readProductDocuments(
  db: Kysely<any>,
  scope: DocumentScope,
): Promise<ProductDocument[]> {
  const rows = await sql<ProductRow>`
    select * from index_products where tenant_id = ${scope.tenantId}
      and generation = ${scope.generation}
      ${scope.ids ? sql`and product_id = any(${[...scope.ids]}::uuid[])` : sql``}
    order by product_id, locale`.execute(db)
  return rows.rows.map((row) => ({
    tenantId: row.tenant_id,
    productId: row.product_id,
    locale: row.locale,
    textLocale: row.text_locale,
    status: row.status,
    published: row.published,
    title: row.title,
    subtitle: row.subtitle,
    handle: row.handle,
    description: row.description,
    material: row.material,
    tags: row.tags,
    categoryIds: row.category_ids,
    categoryNames: row.category_names,
    collectionIds: row.collection_ids,
    options: row.options,
    variantCount: row.variant_count,
    skus: row.skus,
    images: row.images,
    prices: row.prices,
    onSale: row.on_sale,
    inStock: row.in_stock,
    inventoryTotal: row.inventory_total,
    publishedAt: iso(row.published_at),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }))
}
