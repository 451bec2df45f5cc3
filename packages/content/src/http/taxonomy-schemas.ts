import { listQuery } from '@rustok/http'
import * as v from 'valibot'

const NullableString = v.nullable(v.string())
const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const Position = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))
const Slug = v.pipe(
  v.string(),
  v.maxLength(200),
  v.description('Lowercase letters and digits joined by dashes; default: the slugified name.'),
)
const LocaleParam = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(10),
    v.description("The reader's locale; default: the tenant's default locale."),
  ),
)

const localized = <S extends v.GenericSchema>(value: S) =>
  v.nullable(
    v.object({
      locale: v.pipe(v.string(), v.description('The locale this text is in.')),
      requested: v.pipe(v.string(), v.description('The locale that was asked for.')),
      fallback: v.pipe(v.boolean(), v.description('True when `locale` differs from `requested`.')),
      value,
    }),
  )

const CategoryFieldEntries = {
  id: v.string(),
  tenantId: v.string(),
  parentId: NullableString,
  position: v.number(),
  depth: v.pipe(v.number(), v.description('0 for a root category, at most 7.')),
  nodeCount: v.pipe(v.number(), v.description('Live (not deleted) nodes in the category.')),
  createdAt: v.string(),
  updatedAt: v.string(),
}
const CategoryText = v.object({ name: v.string(), slug: v.string(), description: NullableString })

/** A category with every translation (admin). */
export const CategorySchema = v.object({
  ...CategoryFieldEntries,
  translations: v.array(v.object({ locale: v.string(), ...CategoryText.entries })),
})

/** A category in the reader's locale. */
export const LocalizedCategorySchema = v.object({
  ...CategoryFieldEntries,
  translation: localized(CategoryText),
})

const TagText = v.object({ name: v.string(), slug: v.string() })

/** A tag with every translation (admin). */
export const TagSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  useCount: v.pipe(v.number(), v.description('Nodes carrying the tag.')),
  createdAt: v.string(),
  translations: v.array(v.object({ locale: v.string(), ...TagText.entries })),
})

/** A tag in the reader's locale. */
export const LocalizedTagSchema = v.object({
  id: v.string(),
  useCount: v.number(),
  createdAt: v.string(),
  translation: localized(TagText),
})

const CategoryName = v.pipe(v.string(), v.maxLength(255))
const Description = v.nullable(v.pipe(v.string(), v.maxLength(5000)))

/** Body of `POST /api/content/categories`. */
export const CreateCategoryBody = v.object({
  parentId: v.optional(
    v.pipe(
      v.nullable(Uuid),
      v.description('A category of the tenant; the tree is at most 8 levels (depth 0–7).'),
    ),
  ),
  position: v.optional(Position),
  translations: v.pipe(
    v.array(
      v.object({
        locale: v.string(),
        name: CategoryName,
        slug: v.optional(Slug),
        description: v.optional(Description),
      }),
    ),
    v.minLength(1),
  ),
})

/** Body of `PATCH /api/content/categories/:id`: translations merge by locale. */
export const PatchCategoryBody = v.object({
  parentId: v.optional(
    v.pipe(
      v.nullable(Uuid),
      v.description('Move under this category (with the subtree), or to the root with null.'),
    ),
  ),
  position: v.optional(Position),
  translations: v.optional(
    v.array(
      v.object({
        locale: v.string(),
        name: v.optional(CategoryName),
        slug: v.optional(Slug),
        description: v.optional(Description),
      }),
    ),
  ),
})

/** Body of `POST /api/content/tags`. */
export const CreateTagBody = v.object({
  translations: v.pipe(
    v.array(
      v.object({
        locale: v.string(),
        name: v.pipe(v.string(), v.maxLength(100)),
        slug: v.optional(Slug),
      }),
    ),
    v.minLength(1),
  ),
})

export const CategoryIdParams = v.object({ id: Uuid })
export const TagIdParams = v.object({ tagId: Uuid })
export const NodeTagParams = v.object({ id: Uuid, tagId: Uuid })

/** Query of a category list: the tree, or one level by position. */
export const CategoryListQuery = listQuery({
  sort: ['position'],
  defaultSort: 'position',
  filters: {
    order: v.optional(
      v.pipe(
        v.picklist(['tree', 'position']),
        v.description(
          '`tree` (default): every category depth first (at most 1000), one page. `position`: ' +
            'a keyset page by position, of one level with `parentId`.',
        ),
      ),
    ),
    parentId: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^(root|[0-9a-fA-F-]{36})$/, 'Expected a UUID or root'),
        v.description('With `order=position`: a parent id, or `root` for the top level.'),
      ),
    ),
    locale: LocaleParam,
  },
})

/** Query of a tag list. */
export const TagListQuery = listQuery({
  sort: ['useCount', 'name'],
  defaultSort: '-useCount',
  filters: { locale: LocaleParam },
})

/** Query of a localized read. */
export const LocaleQuery = v.object({ locale: LocaleParam })
