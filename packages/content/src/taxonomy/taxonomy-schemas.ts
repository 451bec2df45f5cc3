import * as v from 'valibot'
import { IdSchema, LocaleSchema, SlugSchema } from '../internal/parse-input'

/** The deepest a category may sit (a root is at depth 0); the table checks it too. */
export const MAX_CATEGORY_DEPTH = 7

const text = (min: number, max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.minLength(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`),
    v.maxLength(max, `must be at most ${max} characters`),
  )
const CategoryNameSchema = text(1, 255)
const TagNameSchema = text(1, 100)
const DescriptionSchema = v.nullable(
  v.pipe(v.string('must be a string'), v.maxLength(5000, 'must be at most 5000 characters')),
)
const PositionSchema = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer'),
  v.minValue(0, 'must be at least 0'),
  v.maxValue(1_000_000, 'must be at most 1000000'),
)
const LimitSchema = v.optional(
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be an integer'),
    v.minValue(1, 'must be at least 1'),
    v.maxValue(100, 'must be at most 100'),
  ),
  20,
)
const AfterSchema = v.optional(v.object({ value: v.union([v.string(), v.number()]), id: IdSchema }))

const localeList = <TIn extends { locale: string }, TOut extends { locale: string }>(
  item: v.GenericSchema<TIn, TOut>,
) =>
  v.pipe(
    v.array(item, 'must be a list'),
    v.maxLength(50, 'must have at most 50 translations'),
    v.check(
      (items) => new Set(items.map((x) => x.locale)).size === items.length,
      'must have one translation per locale',
    ),
  )

/** A category's texts in one locale; the slug defaults to the slugified name. */
export interface CategoryTranslationInput {
  readonly locale: string
  /** 1–255 characters; required for a locale the category does not have yet. */
  readonly name?: string
  readonly slug?: string
  /** At most 5000 characters; `null` clears it. */
  readonly description?: string | null
}

/** A category translation after validation. */
export interface CategoryTranslationCommand {
  locale: string
  name?: string
  slug?: string
  description?: string | null
}

/** Input of `categories.create`. */
export interface CreateCategoryInput {
  /** A category of the same tenant; the new one sits one level below it (at most depth 7). */
  readonly parentId?: string | null
  readonly position?: number
  /** At least one; each with a name. */
  readonly translations: readonly (CategoryTranslationInput & { readonly name: string })[]
}

/** {@link CreateCategoryInput} after validation. */
export interface CreateCategoryCommand {
  parentId: string | null
  position: number
  translations: (CategoryTranslationCommand & { name: string })[]
}

const NewCategoryTranslationSchema = v.object({
  locale: LocaleSchema,
  name: CategoryNameSchema,
  slug: v.optional(SlugSchema),
  description: v.optional(DescriptionSchema),
})

/** The schema of {@link CreateCategoryInput}. */
export const CreateCategorySchema: v.GenericSchema<CreateCategoryInput, CreateCategoryCommand> =
  v.object({
    parentId: v.optional(v.nullable(IdSchema), null),
    position: v.optional(PositionSchema, 0),
    translations: v.pipe(
      localeList(NewCategoryTranslationSchema),
      v.minLength(1, 'must have at least one translation'),
    ),
  })

/**
 * Input of `categories.patch`: translations merge by locale (a patch to `ru` keeps `en`);
 * `parentId` moves the category and its subtree (`null`: to the root).
 */
export interface PatchCategoryInput {
  readonly parentId?: string | null
  readonly position?: number
  readonly translations?: readonly CategoryTranslationInput[]
}

/** {@link PatchCategoryInput} after validation. */
export interface PatchCategoryCommand {
  parentId?: string | null
  position?: number
  translations?: CategoryTranslationCommand[]
}

/** The schema of {@link PatchCategoryInput}. */
export const PatchCategorySchema: v.GenericSchema<PatchCategoryInput, PatchCategoryCommand> =
  v.object({
    parentId: v.optional(v.nullable(IdSchema)),
    position: v.optional(PositionSchema),
    translations: v.optional(
      localeList(
        v.object({
          locale: LocaleSchema,
          name: v.optional(CategoryNameSchema),
          slug: v.optional(SlugSchema),
          description: v.optional(DescriptionSchema),
        }),
      ),
    ),
  })

/**
 * Input of `categories.list`. `tree` (default): the whole tree depth first (a parent before its
 * children, siblings by position), at most 1000 categories, one page. `position`: a keyset page
 * of one level (`parentId`, `null` for the roots) by position.
 */
export interface ListCategoriesInput {
  readonly order?: 'tree' | 'position'
  /** Only with `position`: the parent whose children are listed; absent: every category. */
  readonly parentId?: string | null
  /** The reader's locale (fallback applied); default `en`. */
  readonly locale?: string
  /** 1–100, default 20; `position` order only. */
  readonly limit?: number
  /** `position` order only: ascending (default) or descending, ties broken by id. */
  readonly direction?: 'asc' | 'desc'
  readonly after?: { readonly value: string | number; readonly id: string }
}

/** {@link ListCategoriesInput} after validation. */
export interface ListCategoriesQuery {
  order: 'tree' | 'position'
  parentId?: string | null
  locale: string
  limit: number
  direction: 'asc' | 'desc'
  after?: { value: string | number; id: string }
}

/** The schema of {@link ListCategoriesInput}. */
export const ListCategoriesSchema: v.GenericSchema<ListCategoriesInput, ListCategoriesQuery> =
  v.object({
    order: v.optional(v.picklist(['tree', 'position'], 'must be tree or position'), 'tree'),
    parentId: v.optional(v.nullable(IdSchema)),
    locale: v.optional(LocaleSchema, 'en'),
    limit: LimitSchema,
    direction: v.optional(v.picklist(['asc', 'desc'], 'must be asc or desc'), 'asc'),
    after: AfterSchema,
  })

/** A tag's name and slug in one locale; the slug defaults to the slugified name. */
export interface TagTranslationInput {
  readonly locale: string
  /** 1–100 characters. */
  readonly name: string
  readonly slug?: string
}

/** Input of `tags.create`. */
export interface CreateTagInput {
  /** At least one. */
  readonly translations: readonly TagTranslationInput[]
}

/** {@link CreateTagInput} after validation. */
export interface CreateTagCommand {
  translations: { locale: string; name: string; slug?: string }[]
}

/** The schema of {@link CreateTagInput}. */
export const CreateTagSchema: v.GenericSchema<CreateTagInput, CreateTagCommand> = v.object({
  translations: v.pipe(
    localeList(
      v.object({ locale: LocaleSchema, name: TagNameSchema, slug: v.optional(SlugSchema) }),
    ),
    v.minLength(1, 'must have at least one translation'),
  ),
})

/**
 * How a tag list is ordered: by use count or by the name in the reader's locale (lowercased),
 * ties broken by id.
 */
export interface TagSort {
  readonly field: 'useCount' | 'name'
  readonly direction: 'asc' | 'desc'
}

/** Input of `tags.list`: a keyset page. */
export interface ListTagsInput {
  /** Default: `useCount` descending (most used first). */
  readonly sort?: TagSort
  /** The reader's locale (fallback applied, also for the name order); default `en`. */
  readonly locale?: string
  /** 1–100, default 20. */
  readonly limit?: number
  readonly after?: { readonly value: string | number; readonly id: string }
}

/** {@link ListTagsInput} after validation. */
export interface ListTagsQuery {
  sort: { field: 'useCount' | 'name'; direction: 'asc' | 'desc' }
  locale: string
  limit: number
  after?: { value: string | number; id: string }
}

/** The schema of {@link ListTagsInput}. */
export const ListTagsSchema: v.GenericSchema<ListTagsInput, ListTagsQuery> = v.object({
  sort: v.optional(
    v.object({
      field: v.picklist(['useCount', 'name'], 'must be useCount or name'),
      direction: v.picklist(['asc', 'desc'], 'must be asc or desc'),
    }),
    { field: 'useCount', direction: 'desc' },
  ),
  locale: v.optional(LocaleSchema, 'en'),
  limit: LimitSchema,
  after: AfterSchema,
})
