import type { ContentDocument } from '../documents/content-document'
import type { ProductDocument } from '../documents/product-document'
import { IndexError } from '../index-error'
import {
  decodeCursor,
  encodeCursor,
  PRICE_BANDS,
  queryWords,
  type ContentHit,
  type ContentSearch,
  type FacetCount,
  type ProductHit,
  type ProductSearch,
  type SearchBase,
  type SearchEngine,
  type SearchPage,
} from './search-port'

/** A {@link SearchEngine} over documents held in memory, fed by `put` and `remove`. */
export interface MemorySearchEngine extends SearchEngine {
  /** Replaces the documents of the entities `documents` belong to. */
  putContent(documents: readonly ContentDocument[]): void
  putProducts(documents: readonly ProductDocument[]): void
  /** Drops every document of an entity. */
  remove(entity: 'content' | 'products', key: { tenantId: string; id: string }): void
}

const words = (text: string | null | undefined): string[] =>
  (text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

/** Score of a document for the query's words: weighted occurrences; 0 when a word is missing. */
function score(fields: readonly (readonly [string, number])[], q: string | undefined): number {
  const terms = queryWords(q)
  if (terms.length === 0) return 1
  let total = 0
  for (const [i, term] of terms.entries()) {
    const prefix = i === terms.length - 1
    let found = 0
    for (const [text, weight] of fields) {
      for (const word of words(text)) {
        if (word === term || (prefix && word.startsWith(term))) found += weight
      }
    }
    if (found === 0) return 0
    total += found
  }
  return total
}

function facet(values: readonly (readonly [string, string])[][]): FacetCount[] {
  const counts = new Map<string, { label: string; count: number }>()
  for (const doc of values)
    for (const [value, label] of doc) {
      const seen = counts.get(value)
      counts.set(value, { label, count: (seen?.count ?? 0) + 1 })
    }
  return [...counts.entries()]
    .map(([value, { label, count }]) => ({ value, label, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, 50)
}

interface Keyed<D> {
  readonly doc: D
  readonly id: string
  readonly key: number | string
}

function pageOf<D>(
  keyed: Keyed<D>[],
  query: SearchBase & { desc: boolean },
): { items: Keyed<D>[]; next: string | null } {
  const dir = query.desc ? -1 : 1
  keyed.sort((a, b) => (a.key === b.key ? (a.id < b.id ? -dir : dir) : a.key < b.key ? -dir : dir))
  let start = 0
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor)
    const [key, id] = cursor ?? []
    if (!cursor || typeof id !== 'string' || (typeof key !== 'string' && typeof key !== 'number'))
      throw new IndexError('INVALID_INPUT', 'The cursor is not one this search returned')
    start = keyed.findIndex((k) =>
      k.key === key ? (query.desc ? k.id < id : k.id > id) : query.desc ? k.key < key : k.key > key,
    )
    if (start < 0) start = keyed.length
  }
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100)
  const items = keyed.slice(start, start + limit)
  const last = items.at(-1)
  return {
    items,
    next: start + limit < keyed.length && last ? encodeCursor([last.key, last.id]) : null,
  }
}

const visible = (doc: { tenantId: string; locale: string; published: boolean }, q: SearchBase) =>
  doc.tenantId === q.tenantId &&
  doc.locale === q.locale &&
  (q.publishedOnly === false || doc.published)

/**
 * An in-memory {@link SearchEngine}: the same port and contract as the PostgreSQL engine, without
 * stemming (words match exactly, the last one as a prefix) and with a simple weighted score.
 * For tests and small embedded uses.
 *
 * @example
 * ```ts
 * const engine = createMemorySearchEngine()
 * engine.putContent(documents)
 * const page = await engine.searchContent({ tenantId, locale: 'en', q: 'hello' })
 * ```
 */
export function createMemorySearchEngine(): MemorySearchEngine {
  const content = new Map<string, ContentDocument[]>()
  const products = new Map<string, ProductDocument[]>()
  const key = (tenantId: string, id: string) => `${tenantId}:${id}`
  return {
    putContent(documents) {
      for (const doc of documents) content.delete(key(doc.tenantId, doc.nodeId))
      for (const doc of documents) {
        const k = key(doc.tenantId, doc.nodeId)
        content.set(k, [...(content.get(k) ?? []), doc])
      }
    },
    putProducts(documents) {
      for (const doc of documents) products.delete(key(doc.tenantId, doc.productId))
      for (const doc of documents) {
        const k = key(doc.tenantId, doc.productId)
        products.set(k, [...(products.get(k) ?? []), doc])
      }
    },
    remove(entity, { tenantId, id }) {
      ;(entity === 'content' ? content : products).delete(key(tenantId, id))
    },
    async searchContent(query: ContentSearch): Promise<SearchPage<ContentHit>> {
      await Promise.resolve()
      const matches = [...content.values()].flat().flatMap((doc) => {
        if (!visible(doc, query)) return []
        if (query.kind !== undefined && doc.kind !== query.kind) return []
        if (query.categoryId !== undefined && !doc.categoryIds.includes(query.categoryId)) return []
        if (query.tagId !== undefined && !doc.tagIds.includes(query.tagId)) return []
        if (query.authorId !== undefined && doc.authorId !== query.authorId) return []
        const rank = score(
          [
            [doc.title, 1],
            [[doc.excerpt, ...doc.tagNames, ...doc.categoryNames].join(' '), 0.4],
            [doc.body, 0.2],
          ],
          query.q,
        )
        return rank > 0 ? [{ doc, rank }] : []
      })
      const sort = query.sort ?? (queryWords(query.q).length ? 'relevance' : 'newest')
      const keyed = matches.map(({ doc, rank }) => ({
        doc,
        id: doc.nodeId,
        key:
          sort === 'relevance' ? rank : sort === 'title' ? doc.title.toLowerCase() : doc.createdAt,
      }))
      const { items, next } = pageOf(keyed, { ...query, desc: sort !== 'title' })
      return {
        items: items.map(({ doc }) => ({
          id: doc.nodeId,
          locale: doc.locale,
          textLocale: doc.textLocale,
          kind: doc.kind,
          status: doc.status,
          title: doc.title,
          slug: doc.slug,
          excerpt: doc.excerpt,
          snippet: null,
          authorId: doc.authorId,
          categoryNames: doc.categoryNames,
          tagNames: doc.tagNames,
          publishedAt: doc.publishedAt,
        })),
        next,
        total: matches.length,
        ...(query.facets
          ? {
              facets: {
                category: facet(matches.map(({ doc }) => zip(doc.categoryIds, doc.categoryNames))),
                tag: facet(matches.map(({ doc }) => zip(doc.tagIds, doc.tagNames))),
              },
            }
          : {}),
      }
    },
    async searchProducts(query: ProductSearch): Promise<SearchPage<ProductHit>> {
      await Promise.resolve()
      const { currency } = query
      const from = (doc: ProductDocument) => (currency ? doc.prices[currency]?.min : undefined)
      const matches = [...products.values()].flat().flatMap((doc) => {
        if (!visible(doc, query)) return []
        if (query.categoryId !== undefined && !doc.categoryIds.includes(query.categoryId)) return []
        if (query.tag !== undefined && !doc.tags.includes(query.tag.toLowerCase())) return []
        if (query.inStock !== undefined && doc.inStock !== query.inStock) return []
        if (query.onSale !== undefined && doc.onSale !== query.onSale) return []
        const min = from(doc)
        if (
          currency !== undefined &&
          query.priceMin !== undefined &&
          !(min !== undefined && min >= query.priceMin)
        )
          return []
        if (
          currency !== undefined &&
          query.priceMax !== undefined &&
          !(min !== undefined && min <= query.priceMax)
        )
          return []
        const rank = score(
          [
            [doc.title, 1],
            [[doc.subtitle, ...doc.tags, ...doc.categoryNames, ...doc.skus].join(' '), 0.4],
            [[doc.description, doc.material].join(' '), 0.2],
          ],
          query.q,
        )
        return rank > 0 ? [{ doc, rank }] : []
      })
      const sort = query.sort ?? (queryWords(query.q).length ? 'relevance' : 'newest')
      const priced = (sort === 'price_asc' || sort === 'price_desc') && currency !== undefined
      const keyed = matches.map(({ doc, rank }) => ({
        doc,
        id: doc.productId,
        key: priced
          ? String(from(doc) ?? '9223372036854775807').padStart(19, '0')
          : sort === 'relevance'
            ? rank
            : sort === 'title'
              ? doc.title.toLowerCase()
              : doc.createdAt,
      }))
      const desc = priced ? sort === 'price_desc' : sort !== 'title'
      const { items, next } = pageOf(keyed, { ...query, desc })
      return {
        items: items.map(({ doc }) => ({
          id: doc.productId,
          locale: doc.locale,
          textLocale: doc.textLocale,
          status: doc.status,
          title: doc.title,
          handle: doc.handle,
          snippet: null,
          prices: doc.prices,
          onSale: doc.onSale,
          inStock: doc.inStock,
          thumbnail: doc.images[0]?.url ?? doc.images[0]?.mediaId ?? null,
          tags: doc.tags,
          categoryNames: doc.categoryNames,
        })),
        next,
        total: matches.length,
        ...(query.facets
          ? {
              facets: {
                category: facet(matches.map(({ doc }) => zip(doc.categoryIds, doc.categoryNames))),
                tag: facet(matches.map(({ doc }) => doc.tags.map((t) => [t, t] as const))),
                ...(currency !== undefined
                  ? {
                      price: PRICE_BANDS.map(([min, max]) => ({
                        value: `${min}-${max ?? ''}`,
                        label: `${min}–${max ?? '∞'}`,
                        count: matches.filter(({ doc }) => {
                          const m = from(doc)
                          return m !== undefined && m >= min && (max === null || m < max)
                        }).length,
                      })),
                    }
                  : {}),
              },
            }
          : {}),
      }
    },
  }
}

function zip(ids: readonly string[], names: readonly string[]): (readonly [string, string])[] {
  return ids.map((id, i) => [id, names[i] ?? ''] as const)
}
