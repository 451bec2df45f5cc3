/** A collection's texts in one locale. */
export interface CollectionTranslation {
  readonly locale: string
  readonly title: string
  readonly handle: string
  readonly description: string | null
}

/** A collection (admin view): every translation and its products in order. */
export interface Collection {
  readonly id: string
  readonly tenantId: string
  readonly metadata: Readonly<Record<string, unknown>>
  readonly createdAt: string
  readonly updatedAt: string
  readonly translations: readonly CollectionTranslation[]
  readonly productIds: readonly string[]
}

/** A collection in a list or on the storefront: its texts in the reader's locale. */
export interface CollectionSummary {
  readonly id: string
  /** The best translation for the reader's locale; its `locale` says which it is. */
  readonly translation: CollectionTranslation | null
  readonly productCount: number
}

/** A category's texts in one locale. */
export interface ProductCategoryTranslation {
  readonly locale: string
  readonly name: string
  readonly handle: string
  readonly description: string | null
}

/** A product category (admin view) with every translation. */
export interface ProductCategory {
  readonly id: string
  readonly tenantId: string
  readonly parentId: string | null
  readonly position: number
  readonly depth: number
  readonly isActive: boolean
  readonly isInternal: boolean
  readonly metadata: Readonly<Record<string, unknown>>
  readonly createdAt: string
  readonly updatedAt: string
  readonly translations: readonly ProductCategoryTranslation[]
}

/** A category in the tree as a reader sees it: its texts in the reader's locale. */
export interface ProductCategoryNode {
  readonly id: string
  readonly parentId: string | null
  readonly position: number
  readonly depth: number
  readonly isActive: boolean
  readonly isInternal: boolean
  readonly translation: ProductCategoryTranslation | null
}
