import { defineRoute, encodeCursor, pageSchema, requires, type Route } from '@rustok/http'
import {
  CreateCollectionSchema,
  CreateProductCategorySchema,
  UpdateCollectionSchema,
  UpdateProductCategorySchema,
  type CollectionService,
  type ProductCategoryService,
} from '../index'
import { commerceActor, withInputPaths } from './commerce-request'
import { IdParams } from './commerce-schemas'
import {
  CategoryTreeSchema,
  CollectionListQuery,
  CollectionSchema,
  CollectionSummarySchema,
  LocaleQuery,
  ProductCategorySchema,
} from './grouping-http-schemas'

const TAGS = ['commerce']
const COLLECTION = { description: 'The collection', schema: CollectionSchema }
const CATEGORY = { description: 'The category', schema: ProductCategorySchema }

/** Admin routes of collections (hand-picked, ordered products). */
export function collectionRoutes(collections: CollectionService): Route[] {
  const list = defineRoute({
    method: 'get',
    path: '/api/commerce/collections',
    operationId: 'listCommerceCollections',
    summary: "The tenant's collections, newest first, with their product counts",
    tags: TAGS,
    access: requires('products:list'),
    request: { query: CollectionListQuery },
    responses: {
      200: { description: 'One page', schema: pageSchema(CollectionSummarySchema) },
    },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        collections.list(
          { tenantId: c.var.tenantId },
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
  const create = defineRoute({
    method: 'post',
    path: '/api/commerce/collections',
    operationId: 'createCommerceCollection',
    summary: 'Create a collection with its texts and products (in order)',
    description:
      "Handles default to the transliterated title; a taken handle answers 409. Another tenant's " +
      'product id is a field error.',
    tags: TAGS,
    access: requires('products:create'),
    request: { body: CreateCollectionSchema },
    responses: { 201: { description: 'The new collection', schema: CollectionSchema } },
    handler: async (c, { body }) => {
      const collection = await withInputPaths('body', () =>
        collections.create(c.var.tenantId, body, commerceActor(c)),
      )
      return c.json(collection, 201)
    },
  })
  const get = defineRoute({
    method: 'get',
    path: '/api/commerce/collections/:id',
    operationId: 'getCommerceCollection',
    summary: 'One collection with every translation and its products',
    tags: TAGS,
    access: requires('products:read'),
    request: { params: IdParams },
    responses: { 200: COLLECTION },
    handler: async (c, { params }) =>
      c.json(await collections.get({ tenantId: c.var.tenantId, id: params.id })),
  })
  const update = defineRoute({
    method: 'patch',
    path: '/api/commerce/collections/:id',
    operationId: 'updateCommerceCollection',
    summary: 'Change texts (merged by locale) or replace the products',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: IdParams, body: UpdateCollectionSchema },
    responses: { 200: COLLECTION },
    handler: async (c, { params, body }) =>
      c.json(
        await withInputPaths('body', () =>
          collections.update({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
        ),
      ),
  })
  const remove = defineRoute({
    method: 'delete',
    path: '/api/commerce/collections/:id',
    operationId: 'deleteCommerceCollection',
    summary: 'Delete a collection (its products stay)',
    tags: TAGS,
    access: requires('products:delete'),
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' } },
    handler: async (c, { params }) => {
      await collections.delete({ tenantId: c.var.tenantId, id: params.id }, commerceActor(c))
      return c.body(null, 204)
    },
  })
  return [list, create, get, update, remove]
}

/** Admin routes of the product category tree. */
export function categoryRoutes(categories: ProductCategoryService): Route[] {
  const tree = defineRoute({
    method: 'get',
    path: '/api/commerce/product-categories',
    operationId: 'listCommerceCategories',
    summary: "The tenant's whole category tree, depth first (inactive and internal included)",
    tags: TAGS,
    access: requires('products:list'),
    request: { query: LocaleQuery },
    responses: { 200: { description: 'The tree', schema: CategoryTreeSchema } },
    handler: async (c, { query }) =>
      c.json({
        items: await withInputPaths('query', () =>
          categories.tree({ tenantId: c.var.tenantId }, query.locale ?? c.var.tenant.defaultLocale),
        ),
      }),
  })
  const create = defineRoute({
    method: 'post',
    path: '/api/commerce/product-categories',
    operationId: 'createCommerceCategory',
    summary: 'Create a category at the root or under a parent (depth ≤ 7)',
    tags: TAGS,
    access: requires('products:create'),
    request: { body: CreateProductCategorySchema },
    responses: { 201: { description: 'The new category', schema: ProductCategorySchema } },
    handler: async (c, { body }) => {
      const category = await withInputPaths('body', () =>
        categories.create(c.var.tenantId, body, commerceActor(c)),
      )
      return c.json(category, 201)
    },
  })
  const get = defineRoute({
    method: 'get',
    path: '/api/commerce/product-categories/:id',
    operationId: 'getCommerceCategory',
    summary: 'One category with every translation',
    tags: TAGS,
    access: requires('products:read'),
    request: { params: IdParams },
    responses: { 200: CATEGORY },
    handler: async (c, { params }) =>
      c.json(await categories.get({ tenantId: c.var.tenantId, id: params.id })),
  })
  const update = defineRoute({
    method: 'patch',
    path: '/api/commerce/product-categories/:id',
    operationId: 'updateCommerceCategory',
    summary: 'Change texts, flags or position, or move the category with its subtree',
    description: 'A parent inside the subtree, or a move below depth 7, is a field error.',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: IdParams, body: UpdateProductCategorySchema },
    responses: { 200: CATEGORY },
    handler: async (c, { params, body }) =>
      c.json(
        await withInputPaths('body', () =>
          categories.update({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
        ),
      ),
  })
  const remove = defineRoute({
    method: 'delete',
    path: '/api/commerce/product-categories/:id',
    operationId: 'deleteCommerceCategory',
    summary: 'Delete a category without children (its products stay)',
    description: 'A category with children answers 409: move or delete them first.',
    tags: TAGS,
    access: requires('products:delete'),
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' } },
    handler: async (c, { params }) => {
      await categories.delete({ tenantId: c.var.tenantId, id: params.id }, commerceActor(c))
      return c.body(null, 204)
    },
  })
  return [tree, create, get, update, remove]
}
