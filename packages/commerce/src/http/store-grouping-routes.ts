import { defineRoute, encodeCursor, pageSchema, PUBLIC, type Route } from '@rustok/http'
import type { CollectionService, ProductCategoryService } from '../index'
import { withInputPaths } from './commerce-request'
import { HandleParams } from './commerce-schemas'
import {
  CategoryTreeSchema,
  CollectionListQuery,
  CollectionSummarySchema,
  LocaleQuery,
} from './grouping-http-schemas'

const TAGS = ['commerce']

/** What a storefront reads of collections and categories, without a token. */
export function storeGroupingRoutes(
  collections: CollectionService,
  categories: ProductCategoryService,
): Route[] {
  const list = defineRoute({
    method: 'get',
    path: '/api/store/collections',
    operationId: 'listStoreCollections',
    summary: 'Collections, newest first, each with its count of active products',
    tags: TAGS,
    access: PUBLIC,
    request: { query: CollectionListQuery },
    responses: {
      200: { description: 'One page', schema: pageSchema(CollectionSummarySchema) },
    },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        collections.list(
          { tenantId: c.var.tenantId, activeOnly: true },
          {
            limit: query.limit,
            locale: query.locale ?? c.var.tenant.defaultLocale,
            ...(query.q ? { q: query.q } : {}),
            ...(query.cursor
              ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
              : {}),
          },
        ),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })
  const byHandle = defineRoute({
    method: 'get',
    path: '/api/store/collections/:handle',
    operationId: 'readStoreCollection',
    summary: 'One collection by its handle in any locale',
    description:
      'Its products: `GET /api/store/products?collection=<id>`. Texts in `locale` through the ' +
      "tenant's fallback chain.",
    tags: TAGS,
    access: PUBLIC,
    request: { params: HandleParams, query: LocaleQuery },
    responses: { 200: { description: 'The collection', schema: CollectionSummarySchema } },
    handler: async (c, { params, query }) =>
      c.json(
        await withInputPaths('query', () =>
          collections.byHandle(
            {
              tenantId: c.var.tenantId,
              activeOnly: true,
              locale: query.locale ?? c.var.tenant.defaultLocale,
            },
            params.handle,
          ),
        ),
      ),
  })
  const tree = defineRoute({
    method: 'get',
    path: '/api/store/product-categories',
    operationId: 'listStoreCategories',
    summary: 'The category tree a shopper sees: active, non-internal branches, depth first',
    tags: TAGS,
    access: PUBLIC,
    request: { query: LocaleQuery },
    responses: { 200: { description: 'The tree', schema: CategoryTreeSchema } },
    handler: async (c, { query }) =>
      c.json({
        items: await withInputPaths('query', () =>
          categories.tree(
            { tenantId: c.var.tenantId, storefront: true },
            query.locale ?? c.var.tenant.defaultLocale,
          ),
        ),
      }),
  })
  return [list, byHandle, tree]
}
