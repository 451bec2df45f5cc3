import { defineRoute, PUBLIC, requires, type Route } from '@rustok/http'
import { IndexError, type ContentSearch, type ProductSearch, type SearchEngine } from '../index'
import {
  ContentSearchPage,
  ContentSearchQuery,
  ProductSearchPage,
  ProductSearchQuery,
} from './index-schemas'
import type * as v from 'valibot'

const TAGS = ['index']

/** What a search route needs beside the engine: read-your-writes. */
export interface SearchRouteDeps {
  readonly engine: SearchEngine
  /** `true` when the entity's projection applied `position` within the bounded wait. */
  readonly waitFor: (entity: 'content' | 'products', position: string) => Promise<boolean>
}

type ContentQuery = v.InferOutput<typeof ContentSearchQuery>
type ProductQuery = v.InferOutput<typeof ProductSearchQuery>

const CONTENT_SORT = { relevance: 'relevance', '-createdAt': 'newest', title: 'title' } as const
const PRODUCT_SORT = {
  relevance: 'relevance',
  '-createdAt': 'newest',
  title: 'title',
  price: 'price_asc',
  '-price': 'price_desc',
} as const

function contentSearch(
  base: { tenantId: string; locale: string; publishedOnly: boolean },
  query: ContentQuery,
): ContentSearch {
  return {
    ...base,
    limit: query.limit,
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.category !== undefined ? { categoryId: query.category } : {}),
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    ...(query.tag !== undefined ? { tagId: query.tag } : {}),
    ...(query.author !== undefined ? { authorId: query.author } : {}),
    ...(query.sort !== undefined ? { sort: CONTENT_SORT[query.sort] } : {}),
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    ...(query.facets !== undefined ? { facets: query.facets } : {}),
  }
}

function productSearch(
  base: { tenantId: string; locale: string; publishedOnly: boolean },
  query: ProductQuery,
): ProductSearch {
  if ((query.sort === 'price' || query.sort === '-price') && query.currency === undefined)
    throw new IndexError('INVALID_INPUT', 'Sorting by price needs a currency', {
      errors: [{ path: 'query.currency', message: 'Required to sort by price' }],
    })
  return {
    ...base,
    limit: query.limit,
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.category !== undefined ? { categoryId: query.category } : {}),
    ...(query.tag !== undefined ? { tag: query.tag } : {}),
    ...(query.currency !== undefined ? { currency: query.currency } : {}),
    ...(query.priceMin !== undefined ? { priceMin: query.priceMin } : {}),
    ...(query.priceMax !== undefined ? { priceMax: query.priceMax } : {}),
    ...(query.inStock !== undefined ? { inStock: query.inStock } : {}),
    ...(query.onSale !== undefined ? { onSale: query.onSale } : {}),
    ...(query.sort !== undefined ? { sort: PRODUCT_SORT[query.sort] } : {}),
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    ...(query.facets !== undefined ? { facets: query.facets } : {}),
  }
}

/** A cursor the engine refuses is the request's `query.cursor`. */
async function withCursorPath<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (
      error instanceof Error &&
      error.name === 'IndexError' &&
      (error as IndexError).errors.length === 0
    )
      throw new IndexError('INVALID_INPUT', error.message, {
        cause: error,
        errors: [
          {
            path: 'query.cursor',
            message: 'Not a cursor this API issued: pass a nextCursor back unchanged',
          },
        ],
      })
    throw error
  }
}

/**
 * Search routes: public ones (published documents of the tenant, no token) and admin ones (drafts
 * and archived too), for content nodes and for products.
 */
export function searchRoutes(deps: SearchRouteDeps): Route[] {
  const { engine, waitFor } = deps
  const routes: Route[] = []
  for (const side of ['public', 'admin'] as const) {
    const publishedOnly = side === 'public'
    routes.push(
      defineRoute({
        method: 'get',
        path: side === 'public' ? '/api/public/search/content' : '/api/admin/index/search/content',
        operationId: side === 'public' ? 'searchPublicContent' : 'searchAdminContent',
        summary:
          side === 'public'
            ? 'Search published content of the tenant'
            : 'Search every live node of the tenant, drafts included',
        description:
          'Full-text search of the content read model in one locale: every word of `q`, the ' +
          'last as a prefix; ranked, with highlighted snippets; filters by kind, category, tag ' +
          'and author; facet counts (categories, tags) over every match; keyset cursors.',
        tags: TAGS,
        access: side === 'public' ? PUBLIC : requires('nodes:list'),
        request: { query: ContentSearchQuery },
        responses: { 200: { description: 'One page of hits', schema: ContentSearchPage } },
        handler: async (c, { query }) => {
          const fresh = query.after === undefined || (await waitFor('content', query.after))
          const locale = query.locale ?? c.var.tenant.defaultLocale
          const page = await withCursorPath(() =>
            engine.searchContent(
              contentSearch({ tenantId: c.var.tenantId, locale, publishedOnly }, query),
            ),
          )
          return c.json({
            items: page.items,
            nextCursor: page.next,
            total: page.total,
            ...(page.facets ? { facets: page.facets } : {}),
            stale: !fresh,
          })
        },
      }),
      defineRoute({
        method: 'get',
        path:
          side === 'public' ? '/api/public/search/products' : '/api/admin/index/search/products',
        operationId: side === 'public' ? 'searchPublicProducts' : 'searchAdminProducts',
        summary:
          side === 'public'
            ? 'Search active products of the tenant'
            : 'Search every product of the tenant, drafts and archived included',
        description:
          'Full-text search of the product read model in one locale; filters by category, tag, ' +
          'price range (the lowest base price in `currency`, minor units), stock and sale; facet ' +
          'counts (categories, tags, price bands with `currency`); sorts by relevance, newest, ' +
          'title or price; keyset cursors.',
        tags: TAGS,
        access: side === 'public' ? PUBLIC : requires('products:list'),
        request: { query: ProductSearchQuery },
        responses: { 200: { description: 'One page of hits', schema: ProductSearchPage } },
        handler: async (c, { query }) => {
          const fresh = query.after === undefined || (await waitFor('products', query.after))
          const locale = query.locale ?? c.var.tenant.defaultLocale
          const page = await withCursorPath(() =>
            engine.searchProducts(
              productSearch({ tenantId: c.var.tenantId, locale, publishedOnly }, query),
            ),
          )
          return c.json({
            items: page.items,
            nextCursor: page.next,
            total: page.total,
            ...(page.facets ? { facets: page.facets } : {}),
            stale: !fresh,
          })
        },
      }),
    )
  }
  return routes
}
