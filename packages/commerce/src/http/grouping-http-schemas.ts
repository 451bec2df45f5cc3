import { listQuery } from '@rustok/http'
import * as v from 'valibot'

const NullableString = v.nullable(v.string())
const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))

/** The reader's locale of a query. */
export const LocaleQuery = v.object({
  locale: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(10),
      v.description("The reader's locale; default: the tenant's default locale."),
    ),
  ),
})

/** Params of an option of a product. */
export const ProductOptionParams = v.object({ id: Uuid, optionId: Uuid })

/** Params of a variant of a product. */
export const ProductVariantParams = v.object({ id: Uuid, variantId: Uuid })

const CollectionTranslationSchema = v.object({
  locale: v.string(),
  title: v.string(),
  handle: v.string(),
  description: NullableString,
})

/** A collection with every translation and its product ids in order (admin). */
export const CollectionSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  metadata: v.record(v.string(), v.unknown()),
  createdAt: v.string(),
  updatedAt: v.string(),
  translations: v.array(CollectionTranslationSchema),
  productIds: v.array(v.string()),
})

/** A collection in the reader's locale with its product count. */
export const CollectionSummarySchema = v.object({
  id: v.string(),
  translation: v.nullable(CollectionTranslationSchema),
  productCount: v.number(),
})

/** Query of the collection lists. */
export const CollectionListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: {
    locale: LocaleQuery.entries.locale,
    q: v.optional(
      v.pipe(v.string(), v.maxLength(200), v.description('Case-insensitive part of a title.')),
    ),
  },
})

const CategoryTranslationSchema = v.object({
  locale: v.string(),
  name: v.string(),
  handle: v.string(),
  description: NullableString,
})

/** A product category with every translation (admin). */
export const ProductCategorySchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  parentId: NullableString,
  position: v.number(),
  depth: v.number(),
  isActive: v.boolean(),
  isInternal: v.boolean(),
  metadata: v.record(v.string(), v.unknown()),
  createdAt: v.string(),
  updatedAt: v.string(),
  translations: v.array(CategoryTranslationSchema),
})

/** A category of the tree in the reader's locale. */
const ProductCategoryNodeSchema = v.object({
  id: v.string(),
  parentId: NullableString,
  position: v.number(),
  depth: v.number(),
  isActive: v.boolean(),
  isInternal: v.boolean(),
  translation: v.nullable(CategoryTranslationSchema),
})

/** The tree, depth first. */
export const CategoryTreeSchema = v.object({ items: v.array(ProductCategoryNodeSchema) })
