import type { LocalizedText } from '../nodes/node-types'

/** A category's texts in one locale. */
export interface CategoryTranslation {
  readonly locale: string
  readonly name: string
  readonly slug: string
  readonly description: string | null
}

/** The fields every view of a category has. Times are ISO 8601 strings in UTC. */
export interface CategoryFields {
  readonly id: string
  readonly tenantId: string
  readonly parentId: string | null
  readonly position: number
  /** 0 for a root, at most 7. */
  readonly depth: number
  /** Live (not deleted) nodes in the category. */
  readonly nodeCount: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** A category with every translation: what the admin API works with. */
export interface Category extends CategoryFields {
  readonly translations: readonly CategoryTranslation[]
}

/** A category in the reader's locale, through the tenant's fallback chain. */
export interface LocalizedCategory extends CategoryFields {
  /** `null` only for a category without translations (never for one created by this package). */
  readonly translation: LocalizedText<Omit<CategoryTranslation, 'locale'>> | null
}

/** One page of a category list and where the next starts (`null` on the last page). */
export interface CategoryPage {
  readonly items: readonly LocalizedCategory[]
  readonly next: { readonly value: number; readonly id: string } | null
}

/** A tag's name and slug in one locale. */
export interface TagTranslation {
  readonly locale: string
  readonly name: string
  readonly slug: string
}

/** A tag with every translation (admin). */
export interface Tag {
  readonly id: string
  readonly tenantId: string
  /** Nodes carrying the tag (deleted ones in the bin included until they are purged). */
  readonly useCount: number
  readonly createdAt: string
  readonly translations: readonly TagTranslation[]
}

/** A tag in the reader's locale. */
export interface LocalizedTag {
  readonly id: string
  readonly useCount: number
  readonly createdAt: string
  readonly translation: LocalizedText<Omit<TagTranslation, 'locale'>> | null
}

/** One page of a tag list and where the next starts (`null` on the last page). */
export interface TagPage {
  readonly items: readonly LocalizedTag[]
  readonly next: { readonly value: string | number; readonly id: string } | null
}
