import { defineRoute, encodeCursor, pageSchema, PUBLIC, type Route } from '@rustok/http'
import type { PricingService, StorefrontService } from '../index'
import { idCursor, newestFirst, withInputPaths } from './commerce-request'
import {
  HandleParams,
  IdListQuery,
  RegionSchema,
  StoreListItemSchema,
  StoreProductListQuery,
  StoreProductQuery,
  StoreProductSchema,
} from './commerce-schemas'

const TAGS = ['commerce']

/**
 * What a storefront reads, without a token: active products only, texts in the reader's locale
 * (the tenant's fallback chain), prices resolved for a region, availability summed over locations.
 */
export function storeRoutes(store: StorefrontService, pricing: PricingService): Route[] {
  const list = defineRoute({
    method: 'get',
    path: '/api/store/products',
    operationId: 'listStoreProducts',
    summary: 'Active products, newest first, a page at a time',
    description:
      'With `region`, each item has `fromPrice`: the lowest resolved unit price of its variants.',
    tags: TAGS,
    access: PUBLIC,
    request: { query: StoreProductListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(StoreListItemSchema) } },
    handler: async (c, { query }) => {
      newestFirst(query.sort)
      const page = await withInputPaths('query', () =>
        store.list(
          { tenantId: c.var.tenantId },
          {
            limit: query.limit,
            locale: query.locale ?? c.var.tenant.defaultLocale,
            ...(query.q ? { q: query.q } : {}),
            ...(query.collection ? { collectionId: query.collection } : {}),
            ...(query.category ? { categoryId: query.category } : {}),
            ...(query.tag ? { tag: query.tag } : {}),
            ...(query.region ? { regionId: query.region } : {}),
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
    path: '/api/store/products/:handle',
    operationId: 'readStoreProduct',
    summary: 'One active product by its handle, priced for a region',
    description:
      "The handle of any locale finds it; texts come in `locale` through the tenant's fallback " +
      "chain. With `region`: each variant's unit price in the region's currency and why (base, " +
      'sale or override list, tier), with the tax in it or to add. 404 unless active.',
    tags: TAGS,
    access: PUBLIC,
    request: { params: HandleParams, query: StoreProductQuery },
    responses: { 200: { description: 'The product', schema: StoreProductSchema } },
    handler: async (c, { params, query }) => {
      const product = await withInputPaths('query', () =>
        store.product(
          { tenantId: c.var.tenantId },
          {
            handle: params.handle,
            locale: query.locale ?? c.var.tenant.defaultLocale,
            ...(query.region ? { regionId: query.region } : {}),
          },
        ),
      )
      return c.json(product)
    },
  })

  const regions = defineRoute({
    method: 'get',
    path: '/api/store/regions',
    operationId: 'listStoreRegions',
    summary: 'The regions a storefront can price for (currency, countries, tax rule)',
    tags: TAGS,
    access: PUBLIC,
    request: { query: IdListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(RegionSchema) } },
    handler: async (c, { query }) => {
      const after = idCursor.decode(query.cursor)
      const page = await pricing.regions.list(c.var.tenantId, {
        limit: query.limit,
        ...(after ? { after } : {}),
      })
      return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
    },
  })

  return [list, byHandle, regions]
}
