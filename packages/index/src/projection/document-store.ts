import { sql, type Kysely } from 'kysely'
import type { ContentDocument } from '../documents/content-document'
import type { ProductDocument } from '../documents/product-document'
import type { IndexEntity, IndexTables } from '../index-tables'
import { searchConfig } from '../search-config'

/* eslint-disable @typescript-eslint/no-explicit-any -- the store writes to any database with the index tables */
type Db = Kysely<any>

/**
 * Serialises writers of one tenant's read model of one entity (the projection and a rebuild's
 * batches) for the rest of the transaction: a batch that read its source before an event's
 * projection cannot overwrite that projection's newer document afterwards.
 */
export async function lockEntity(trx: Db, tenantId: string, entity: IndexEntity): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`index:${tenantId}:${entity}`}))`.execute(trx)
}

/** The generations a write goes to: the live one, and the one a rebuild is building. */
export async function generationsOf(
  trx: Db,
  tenantId: string,
  entity: IndexEntity,
): Promise<number[]> {
  const row = await (trx as Kysely<IndexTables>)
    .selectFrom('index_generations')
    .select(['active', 'building'])
    .where('tenant_id', '=', tenantId)
    .where('entity', '=', entity)
    .executeTakeFirst()
  if (!row) return [0]
  return row.building === null ? [row.active] : [row.active, row.building]
}

/** What one write replaces: every document of `ids` in `generations`, by `documents`. */
export interface DocumentWrite<D> {
  readonly tenantId: string
  readonly generations: readonly number[]
  readonly ids: readonly string[]
  readonly documents: readonly D[]
}

const contentRow = (d: ContentDocument) => ({
  tenant_id: d.tenantId,
  node_id: d.nodeId,
  locale: d.locale,
  text_locale: d.textLocale,
  kind: d.kind,
  status: d.status,
  published: d.published,
  author_id: d.authorId,
  category_id: d.categoryId,
  category_ids: d.categoryIds,
  category_names: d.categoryNames,
  tag_ids: d.tagIds,
  tag_names: d.tagNames,
  title: d.title,
  slug: d.slug,
  excerpt: d.excerpt,
  body: d.body,
  seo: d.seo,
  published_at: d.publishedAt,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
  search_config: searchConfig(d.locale),
})

/** Replaces the content documents of `ids` (a missing document: the node is gone or untranslated). */
export async function writeContentDocuments(
  trx: Db,
  write: DocumentWrite<ContentDocument>,
): Promise<void> {
  const { tenantId, generations, ids, documents } = write
  if (ids.length === 0) return
  await sql`delete from index_content where tenant_id = ${tenantId}
    and generation = any(${[...generations]}::int[]) and node_id = any(${[...ids]}::uuid[])`.execute(
    trx,
  )
  if (documents.length === 0) return
  await sql`
    insert into index_content (generation, tenant_id, node_id, locale, text_locale, kind, status,
      published, author_id, category_id, category_ids, category_names, tag_ids, tag_names, title,
      slug, excerpt, body, seo, published_at, created_at, updated_at, search_config, search)
    select g.generation, d.tenant_id, d.node_id, d.locale, d.text_locale, d.kind, d.status,
      d.published, d.author_id, d.category_id, d.category_ids, d.category_names, d.tag_ids,
      d.tag_names, d.title, d.slug, d.excerpt, d.body, d.seo, d.published_at, d.created_at,
      d.updated_at, d.search_config,
      setweight(to_tsvector(d.search_config::regconfig, d.title), 'A')
      || setweight(to_tsvector(d.search_config::regconfig, concat_ws(' ', d.excerpt,
           array_to_string(d.tag_names, ' '), array_to_string(d.category_names, ' '),
           d.seo->>'title', d.seo->>'description')), 'B')
      || setweight(to_tsvector(d.search_config::regconfig, d.body), 'C')
      || setweight(to_tsvector('simple', concat_ws(' ', d.title, array_to_string(d.tag_names, ' '))), 'D')
    from jsonb_to_recordset(${JSON.stringify(documents.map(contentRow))}::jsonb) as d(
      tenant_id uuid, node_id uuid, locale text, text_locale text, kind text, status text,
      published boolean, author_id uuid, category_id uuid, category_ids uuid[],
      category_names text[], tag_ids uuid[], tag_names text[], title text, slug text,
      excerpt text, body text, seo jsonb, published_at timestamptz, created_at timestamptz,
      updated_at timestamptz, search_config text)
    cross join unnest(${[...generations]}::int[]) as g(generation)`.execute(trx)
}

const productRow = (d: ProductDocument) => ({
  tenant_id: d.tenantId,
  product_id: d.productId,
  locale: d.locale,
  text_locale: d.textLocale,
  status: d.status,
  published: d.published,
  title: d.title,
  subtitle: d.subtitle,
  handle: d.handle,
  description: d.description,
  material: d.material,
  tags: d.tags,
  category_ids: d.categoryIds,
  category_names: d.categoryNames,
  collection_ids: d.collectionIds,
  options: d.options,
  option_text: d.options.map((o) => [o.name, ...o.values].join(' ')).join(' '),
  variant_count: d.variantCount,
  skus: d.skus,
  images: d.images,
  prices: d.prices,
  on_sale: d.onSale,
  in_stock: d.inStock,
  inventory_total: d.inventoryTotal,
  published_at: d.publishedAt,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
  search_config: searchConfig(d.locale),
})

/** Replaces the product documents of `ids`. */
export async function writeProductDocuments(
  trx: Db,
  write: DocumentWrite<ProductDocument>,
): Promise<void> {
  const { tenantId, generations, ids, documents } = write
  if (ids.length === 0) return
  await sql`delete from index_products where tenant_id = ${tenantId}
    and generation = any(${[...generations]}::int[]) and product_id = any(${[...ids]}::uuid[])`.execute(
    trx,
  )
  if (documents.length === 0) return
  await sql`
    insert into index_products (generation, tenant_id, product_id, locale, text_locale, status,
      published, title, subtitle, handle, description, material, tags, category_ids,
      category_names, collection_ids, options, variant_count, skus, images, prices, on_sale,
      in_stock, inventory_total, published_at, created_at, updated_at, search_config, search)
    select g.generation, d.tenant_id, d.product_id, d.locale, d.text_locale, d.status,
      d.published, d.title, d.subtitle, d.handle, d.description, d.material, d.tags,
      d.category_ids, d.category_names, d.collection_ids, d.options, d.variant_count, d.skus,
      d.images, d.prices, d.on_sale, d.in_stock, d.inventory_total, d.published_at,
      d.created_at, d.updated_at, d.search_config,
      setweight(to_tsvector(d.search_config::regconfig, d.title), 'A')
      || setweight(to_tsvector(d.search_config::regconfig, concat_ws(' ', d.subtitle,
           array_to_string(d.tags, ' '), array_to_string(d.category_names, ' '),
           array_to_string(d.skus, ' '))), 'B')
      || setweight(to_tsvector(d.search_config::regconfig, concat_ws(' ', d.description,
           d.material, d.option_text)), 'C')
      || setweight(to_tsvector('simple', concat_ws(' ', d.title, array_to_string(d.tags, ' '))), 'D')
    from jsonb_to_recordset(${JSON.stringify(documents.map(productRow))}::jsonb) as d(
      tenant_id uuid, product_id uuid, locale text, text_locale text, status text,
      published boolean, title text, subtitle text, handle text, description text,
      material text, tags text[], category_ids uuid[], category_names text[],
      collection_ids uuid[], options jsonb, option_text text, variant_count integer, skus text[], images jsonb,
      prices jsonb, on_sale boolean, in_stock boolean, inventory_total integer,
      published_at timestamptz, created_at timestamptz, updated_at timestamptz,
      search_config text)
    cross join unnest(${[...generations]}::int[]) as g(generation)`.execute(trx)
}
