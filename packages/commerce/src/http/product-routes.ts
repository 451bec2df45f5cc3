import { defineRoute, encodeCursor, pageSchema, requires, type Route } from '@rustok/http'
import { CreateProductSchema, type ProductService, type ProductTransition } from '../index'
import { commerceActor, newestFirst, withInputPaths } from './commerce-request'
import {
  AdminProductListQuery,
  IdParams,
  ProductListItemSchema,
  ProductSchema,
} from './commerce-schemas'

const TAGS = ['commerce']
const PRODUCT = {
  description: 'The product, with every translation, option and variant',
  schema: ProductSchema,
}

const TRANSITIONS: readonly { name: ProductTransition; summary: string }[] = [
  { name: 'publish', summary: 'Publish a draft product (draft → active)' },
  { name: 'archive', summary: 'Archive an active product (active → archived)' },
  { name: 'restore', summary: 'Restore an archived product to draft' },
]

/** Admin routes of products: create with options and variants, the state machine, reads. */
export function productRoutes(products: ProductService): Route[] {
  const list = defineRoute({
    method: 'get',
    path: '/api/commerce/products',
    operationId: 'listCommerceProducts',
    summary: "The tenant's products, any status, newest first, a page at a time",
    description:
      'Filter by `status`, `collection`, `category` (with its subtree) and `tag`; `q` matches ' +
      "part of a title in any locale. Each item's texts are in " +
      "`locale` through the tenant's fallback chain.",
    tags: TAGS,
    access: requires('products:list'),
    request: { query: AdminProductListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(ProductListItemSchema) } },
    handler: async (c, { query }) => {
      newestFirst(query.sort)
      const page = await withInputPaths('query', () =>
        products.list(
          { tenantId: c.var.tenantId },
          {
            limit: query.limit,
            locale: query.locale ?? c.var.tenant.defaultLocale,
            ...(query.status ? { status: query.status } : {}),
            ...(query.q ? { q: query.q } : {}),
            ...(query.collection ? { collectionId: query.collection } : {}),
            ...(query.category ? { categoryId: query.category } : {}),
            ...(query.tag ? { tag: query.tag } : {}),
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
    path: '/api/commerce/products',
    operationId: 'createCommerceProduct',
    summary: 'Create a product with its options and variants (all or nothing)',
    description:
      'Without `variants`, one variant per combination of option values. Handles default to the ' +
      'transliterated title; a taken handle, SKU or barcode answers 409 naming it.',
    tags: TAGS,
    access: requires('products:create'),
    request: { body: CreateProductSchema },
    responses: { 201: { description: 'The new product (draft)', schema: ProductSchema } },
    handler: async (c, { body }) => {
      const product = await withInputPaths('body', () =>
        products.create(c.var.tenantId, body, commerceActor(c)),
      )
      return c.json(product, 201)
    },
  })

  const get = defineRoute({
    method: 'get',
    path: '/api/commerce/products/:id',
    operationId: 'getCommerceProduct',
    summary: 'One product with every translation, option and variant',
    tags: TAGS,
    access: requires('products:read'),
    request: { params: IdParams },
    responses: { 200: PRODUCT },
    handler: async (c, { params }) =>
      c.json(await products.get({ tenantId: c.var.tenantId, id: params.id })),
  })

  const transitions = TRANSITIONS.map(({ name, summary }) =>
    defineRoute({
      method: 'post',
      path: `/api/commerce/products/:id/${name}`,
      operationId: `${name}CommerceProduct`,
      summary,
      description:
        'Any other starting status (or a racing change) answers 409 `INVALID_TRANSITION`.',
      tags: TAGS,
      access: requires('products:update'),
      request: { params: IdParams },
      responses: { 200: PRODUCT },
      handler: async (c, { params }) =>
        c.json(
          await products.transition(
            { tenantId: c.var.tenantId, id: params.id },
            name,
            commerceActor(c),
          ),
        ),
    }),
  )

  const remove = defineRoute({
    method: 'delete',
    path: '/api/commerce/products/:id',
    operationId: 'deleteCommerceProduct',
    summary: 'Delete a draft or archived product',
    description: 'An active product answers 409: archive it first.',
    tags: TAGS,
    access: requires('products:delete'),
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted, with its variants and prices' } },
    handler: async (c, { params }) => {
      await products.delete({ tenantId: c.var.tenantId, id: params.id }, commerceActor(c))
      return c.body(null, 204)
    },
  })

  return [list, create, get, ...transitions, remove]
}
