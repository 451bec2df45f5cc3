import * as v from 'valibot'
import { HandleSchema, IdSchema, LocaleSchema } from '../internal/parse-input'

const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.maxLength(max, `must be at most ${max} characters`),
  )
const required = (max: number) => v.pipe(text(max), v.minLength(1, 'must not be empty'))
const uniqueLocales = <T extends { locale: string }>(items: T[]): boolean =>
  new Set(items.map((item) => item.locale)).size === items.length
const translationList = <TIn extends { locale: string }, TOut extends { locale: string }>(
  item: v.GenericSchema<TIn, TOut>,
) =>
  v.pipe(
    v.array(item, 'must be a list'),
    v.minLength(1, 'must have at least one translation'),
    v.maxLength(50, 'must have at most 50 translations'),
    v.check(uniqueLocales, 'must have one translation per locale'),
  )
const Metadata = v.pipe(
  v.record(v.string(), v.unknown(), 'must be a JSON object'),
  v.check((value) => JSON.stringify(value).length <= 65_536, 'must be at most 64 KiB as JSON'),
)
const idList = (max: number) =>
  v.pipe(
    v.array(IdSchema, 'must be a list'),
    v.maxLength(max, `must have at most ${max} items`),
    v.check((ids) => new Set(ids).size === ids.length, 'must not repeat an id'),
  )

/** The deepest level of the category tree (the root level is 0). */
export const MAX_PRODUCT_CATEGORY_DEPTH = 7

/** A collection's texts in one locale; the handle defaults to the transliterated title. */
export interface CollectionTranslationInput {
  readonly locale: string
  readonly title?: string
  readonly handle?: string
  readonly description?: string | null
}

/** Input of `collections.create`. */
export interface CreateCollectionInput {
  readonly translations: readonly (CollectionTranslationInput & { readonly title: string })[]
  /** The products, in order. */
  readonly productIds?: readonly string[]
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** Input of `collections.update`: translations merge by locale; `productIds` replaces the list. */
export interface UpdateCollectionInput {
  readonly translations?: readonly CollectionTranslationInput[]
  readonly productIds?: readonly string[]
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** A translation after validation. */
export interface CollectionTranslationCommand {
  locale: string
  title?: string
  handle?: string
  description?: string | null
}

/** {@link UpdateCollectionInput} after validation. */
export interface UpdateCollectionCommand {
  translations?: CollectionTranslationCommand[]
  productIds?: string[]
  metadata?: Record<string, unknown>
}

const CollectionTranslation = v.object({
  locale: LocaleSchema,
  title: v.optional(required(255)),
  handle: v.optional(HandleSchema),
  description: v.optional(v.nullable(text(10_000))),
})

/** The most products one collection holds. */
export const MAX_COLLECTION_PRODUCTS = 1000

/** The schema of {@link CreateCollectionInput}. */
export const CreateCollectionSchema: v.GenericSchema<
  CreateCollectionInput,
  UpdateCollectionCommand & { translations: (CollectionTranslationCommand & { title: string })[] }
> = v.object({
  translations: translationList(
    v.object({ ...CollectionTranslation.entries, title: required(255) }),
  ),
  productIds: v.optional(idList(MAX_COLLECTION_PRODUCTS)),
  metadata: v.optional(Metadata),
})

/** The schema of {@link UpdateCollectionInput}. */
export const UpdateCollectionSchema: v.GenericSchema<
  UpdateCollectionInput,
  UpdateCollectionCommand
> = v.object({
  translations: v.optional(translationList(CollectionTranslation)),
  productIds: v.optional(idList(MAX_COLLECTION_PRODUCTS)),
  metadata: v.optional(Metadata),
})

/** A category's texts in one locale; the handle defaults to the transliterated name. */
export interface CategoryTranslationInput {
  readonly locale: string
  readonly name?: string
  readonly handle?: string
  readonly description?: string | null
}

/** Input of `categories.create`. */
export interface CreateProductCategoryInput {
  readonly translations: readonly (CategoryTranslationInput & { readonly name: string })[]
  /** Default: the root. */
  readonly parentId?: string | null
  readonly position?: number
  /** Default `true`; an inactive category is hidden from the storefront. */
  readonly isActive?: boolean
  /** Default `false`; an internal category is never shown on the storefront. */
  readonly isInternal?: boolean
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** Input of `categories.update`: translations merge by locale; `parentId` moves the subtree. */
export interface UpdateProductCategoryInput {
  readonly translations?: readonly CategoryTranslationInput[]
  readonly parentId?: string | null
  readonly position?: number
  readonly isActive?: boolean
  readonly isInternal?: boolean
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** A category translation after validation. */
export interface CategoryTranslationCommand {
  locale: string
  name?: string
  handle?: string
  description?: string | null
}

/** {@link UpdateProductCategoryInput} after validation. */
export interface UpdateProductCategoryCommand {
  translations?: CategoryTranslationCommand[]
  parentId?: string | null
  position?: number
  isActive?: boolean
  isInternal?: boolean
  metadata?: Record<string, unknown>
}

const CategoryTranslation = v.object({
  locale: LocaleSchema,
  name: v.optional(required(255)),
  handle: v.optional(HandleSchema),
  description: v.optional(v.nullable(text(10_000))),
})
const CategoryFields = {
  parentId: v.optional(v.nullable(IdSchema)),
  position: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  isActive: v.optional(v.boolean('must be a boolean')),
  isInternal: v.optional(v.boolean('must be a boolean')),
  metadata: v.optional(Metadata),
}

/** The schema of {@link CreateProductCategoryInput}. */
export const CreateProductCategorySchema: v.GenericSchema<
  CreateProductCategoryInput,
  UpdateProductCategoryCommand & {
    translations: (CategoryTranslationCommand & { name: string })[]
  }
> = v.object({
  translations: translationList(v.object({ ...CategoryTranslation.entries, name: required(255) })),
  ...CategoryFields,
})

/** The schema of {@link UpdateProductCategoryInput}. */
export const UpdateProductCategorySchema: v.GenericSchema<
  UpdateProductCategoryInput,
  UpdateProductCategoryCommand
> = v.object({
  translations: v.optional(translationList(CategoryTranslation)),
  ...CategoryFields,
})
