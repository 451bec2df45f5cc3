/** Fields every search takes. */
export interface SearchBase {
  readonly tenantId: string
  readonly locale: string
  /** Words to find; the last one also matches as a prefix (search as you type). */
  readonly q?: string
  /** `false` (admin): drafts and archived documents too. Default `true`. */
  readonly publishedOnly?: boolean
  readonly categoryId?: string
  readonly limit?: number
  /** Opaque, from a previous page's `next`. */
  readonly cursor?: string
  /** Compute facet counts over every match (not only this page). */
  readonly facets?: boolean
}

/** A search over content documents. */
export interface ContentSearch extends SearchBase {
  readonly kind?: string
  readonly tagId?: string
  readonly authorId?: string
  /** Default `relevance` with `q`, else `newest`. */
  readonly sort?: 'relevance' | 'newest' | 'title'
}

/** A search over product documents. */
export interface ProductSearch extends SearchBase {
  readonly tag?: string
  /** The currency prices are filtered, faceted and sorted in (ISO 4217). */
  readonly currency?: string
  /** The lowest base price ("from") at least this, in minor units of `currency`. */
  readonly priceMin?: number
  readonly priceMax?: number
  readonly inStock?: boolean
  readonly onSale?: boolean
  readonly sort?: 'relevance' | 'newest' | 'title' | 'price_asc' | 'price_desc'
}

/** A count of matches per value. */
export interface FacetCount {
  readonly value: string
  readonly label: string
  readonly count: number
}

/** Facets of a search: counts over every match of the filters. */
export interface SearchFacets {
  readonly category: readonly FacetCount[]
  readonly tag: readonly FacetCount[]
  /** Products with a `currency` only: bands of the lowest base price, `value` = `min-max`. */
  readonly price?: readonly FacetCount[]
}

/** One page of hits. */
export interface SearchPage<T> {
  readonly items: readonly T[]
  readonly next: string | null
  /** Matches of the query and filters, every page. */
  readonly total: number
  readonly facets?: SearchFacets
}

/** A content hit. */
export interface ContentHit {
  readonly id: string
  readonly locale: string
  readonly textLocale: string
  readonly kind: string
  readonly status: string
  readonly title: string
  readonly slug: string
  readonly excerpt: string | null
  /** Matching words in `<mark>`…`</mark>` (with `q`), else `null`. */
  readonly snippet: string | null
  readonly authorId: string | null
  readonly categoryNames: readonly string[]
  readonly tagNames: readonly string[]
  readonly publishedAt: string | null
}

/** A product hit. */
export interface ProductHit {
  readonly id: string
  readonly locale: string
  readonly textLocale: string
  readonly status: string
  readonly title: string
  readonly handle: string
  readonly snippet: string | null
  readonly prices: Readonly<Record<string, { readonly min: number; readonly max: number }>>
  readonly onSale: boolean
  readonly inStock: boolean
  readonly thumbnail: string | null
  readonly tags: readonly string[]
  readonly categoryNames: readonly string[]
}

/**
 * The search port: what routes call, whatever answers. The PostgreSQL engine searching the read
 * models is the default; a dedicated cluster (OpenSearch, Meilisearch, …) plugs in by
 * implementing this and being fed the same documents (ADR 0032). Every engine passes the one
 * contract suite (`search-engine.contract.ts`).
 */
export interface SearchEngine {
  searchContent(query: ContentSearch): Promise<SearchPage<ContentHit>>
  searchProducts(query: ProductSearch): Promise<SearchPage<ProductHit>>
}

/** Price bands of the price facet, in minor units: [min, max) each, the last one open. */
export const PRICE_BANDS: readonly (readonly [number, number | null])[] = [
  [0, 1_000],
  [1_000, 2_500],
  [2_500, 5_000],
  [5_000, 10_000],
  [10_000, null],
]

/** The words of a query: letters and digits, lower-cased, at most 8. */
export function queryWords(q: string | undefined): string[] {
  return (
    (q ?? '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? []
  )
}

/** Encodes a keyset position. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

/** Decodes a keyset position; `null` for anything that is not one. */
export function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (cursor === undefined) return null
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    return Array.isArray(value) ? value : null
  } catch {
    return null
  }
}
