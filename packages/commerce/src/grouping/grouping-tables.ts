import type { ColumnType } from 'kysely'

/** A `jsonb` column: read as a value, written as its JSON text. */
type JsonColumn<T> = ColumnType<T, string, string>
/** A `timestamptz` column with a database default. */
type Timestamp = ColumnType<Date, Date | undefined, Date>

/** `commerce_collections`: a hand-picked, ordered set of products. */
export interface CommerceCollectionsTable {
  id: string
  tenant_id: string
  metadata: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_collection_translations`: title and handle per locale. */
export interface CommerceCollectionTranslationsTable {
  tenant_id: string
  collection_id: string
  locale: string
  title: string
  handle: string
  description: string | null
}

/** `commerce_collection_products`: the products of a collection, in order. */
export interface CommerceCollectionProductsTable {
  tenant_id: string
  collection_id: string
  product_id: string
  position: number
}

/** `commerce_categories`: the product category tree. */
export interface CommerceCategoriesTable {
  id: string
  tenant_id: string
  parent_id: string | null
  position: number
  depth: number
  is_active: boolean
  is_internal: boolean
  metadata: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_category_translations`: name and handle per locale. */
export interface CommerceCategoryTranslationsTable {
  tenant_id: string
  category_id: string
  locale: string
  name: string
  handle: string
  description: string | null
}

/** `commerce_product_categories`: which categories a product is in. */
export interface CommerceProductCategoriesTable {
  tenant_id: string
  product_id: string
  category_id: string
}

/** `commerce_product_tags`: a product's tags, lowercase. */
export interface CommerceProductTagsTable {
  tenant_id: string
  product_id: string
  tag: string
}

/** `commerce_product_images`: a product's images in order, a media id or a URL each. */
export interface CommerceProductImagesTable {
  tenant_id: string
  product_id: string
  position: number
  media_id: string | null
  url: string | null
  alt: string | null
}

/** The grouping tables, as `CommerceTables` includes them. */
export interface GroupingTables {
  commerce_collections: CommerceCollectionsTable
  commerce_collection_translations: CommerceCollectionTranslationsTable
  commerce_collection_products: CommerceCollectionProductsTable
  commerce_categories: CommerceCategoriesTable
  commerce_category_translations: CommerceCategoryTranslationsTable
  commerce_product_categories: CommerceProductCategoriesTable
  commerce_product_tags: CommerceProductTagsTable
  commerce_product_images: CommerceProductImagesTable
}
