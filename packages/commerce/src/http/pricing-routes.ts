import { defineRoute, pageSchema, requires, type Permission, type Route } from '@rustok/http'
import type * as v from 'valibot'
import {
  PriceInputSchema,
  PriceListInputSchema,
  PriceListPatchSchema,
  PricePatchSchema,
  RegionInputSchema,
  RegionPatchSchema,
  type PricingService,
} from '../index'
import { commerceActor, idCursor, withInputPaths } from './commerce-request'
import {
  IdListQuery,
  IdParams,
  PriceListSchema,
  RegionSchema,
  StoredPriceSchema,
  VariantParams,
} from './commerce-schemas'

const TAGS = ['commerce']

/** One resource's list/create/get/update/delete routes, by the same rules. */
export function crudRoutes<I, P, T>(spec: {
  readonly path: string
  readonly name: string
  readonly resource: 'settings' | 'products' | 'discounts'
  readonly schema: v.GenericSchema<T>
  readonly createBody: v.GenericSchema<unknown, I>
  readonly patchBody: v.GenericSchema<unknown, P>
  readonly notes: { readonly create: string; readonly update: string; readonly delete: string }
  readonly ops: {
    list(
      tenantId: string,
      page: { limit: number; after?: string },
    ): Promise<{ items: readonly T[]; next: string | null }>
    create(tenantId: string, input: I, actor: ReturnType<typeof commerceActor>): Promise<T>
    get(ref: { tenantId: string; id: string }): Promise<T>
    update(
      ref: { tenantId: string; id: string },
      patch: P,
      actor: ReturnType<typeof commerceActor>,
    ): Promise<T>
    delete(
      ref: { tenantId: string; id: string },
      actor: ReturnType<typeof commerceActor>,
    ): Promise<void>
  }
}): Route[] {
  const { path, name, ops } = spec
  const permission = (action: string) => `${spec.resource}:${action}` as Permission
  const one = { description: `The ${name}`, schema: spec.schema }
  const Op = name.replace(/(^| )(\w)/g, (_, __, letter: string) => letter.toUpperCase())
  return [
    defineRoute({
      method: 'get',
      path,
      operationId: `listCommerce${Op}s`,
      summary: `The tenant's ${name}s, newest first, a page at a time`,
      tags: TAGS,
      access: requires(permission('list')),
      request: { query: IdListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(spec.schema) } },
      handler: async (c, { query }) => {
        const after = idCursor.decode(query.cursor)
        const page = await ops.list(c.var.tenantId, {
          limit: query.limit,
          ...(after ? { after } : {}),
        })
        return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path,
      operationId: `createCommerce${Op}`,
      summary: `Create a ${name}`,
      description: spec.notes.create,
      tags: TAGS,
      access: requires(permission('create')),
      request: { body: spec.createBody },
      responses: { 201: { description: `The new ${name}`, schema: spec.schema } },
      handler: async (c, { body }) => {
        const created = await withInputPaths('body', () =>
          ops.create(c.var.tenantId, body, commerceActor(c)),
        )
        return c.json(created, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: `${path}/:id`,
      operationId: `getCommerce${Op}`,
      summary: `One ${name}`,
      tags: TAGS,
      access: requires(permission('read')),
      request: { params: IdParams },
      responses: { 200: one },
      handler: async (c, { params }) =>
        c.json(await ops.get({ tenantId: c.var.tenantId, id: params.id })),
    }),
    defineRoute({
      method: 'patch',
      path: `${path}/:id`,
      operationId: `patchCommerce${Op}`,
      summary: `Change a ${name}; absent fields stay`,
      description: spec.notes.update,
      tags: TAGS,
      access: requires(permission('update')),
      request: { params: IdParams, body: spec.patchBody },
      responses: { 200: one },
      handler: async (c, { params, body }) => {
        const updated = await withInputPaths('body', () =>
          ops.update({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
        )
        return c.json(updated)
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${path}/:id`,
      operationId: `deleteCommerce${Op}`,
      summary: `Delete a ${name}`,
      description: spec.notes.delete,
      tags: TAGS,
      access: requires(permission('delete')),
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async (c, { params }) => {
        await ops.delete({ tenantId: c.var.tenantId, id: params.id }, commerceActor(c))
        return c.body(null, 204)
      },
    }),
  ]
}

/**
 * Admin routes of regions (`settings:*`: a shop's markets), price lists and prices
 * (`products:*`), and the resolved price of a variant.
 */
export function pricingRoutes(pricing: PricingService): Route[] {
  const regions = crudRoutes({
    path: '/api/commerce/regions',
    name: 'region',
    resource: 'settings',
    schema: RegionSchema,
    createBody: RegionInputSchema,
    patchBody: RegionPatchSchema,
    notes: {
      create:
        'A currency (ISO 4217), countries (ISO 3166-1), a tax rate and whether prices include it.',
      update: 'The currency is fixed: its prices are in it.',
      delete: 'Its regional prices go with it; currency-wide prices stay.',
    },
    ops: pricing.regions,
  })
  const lists = crudRoutes({
    path: '/api/commerce/price-lists',
    name: 'price list',
    resource: 'products',
    schema: PriceListSchema,
    createBody: PriceListInputSchema,
    patchBody: PriceListPatchSchema,
    notes: {
      create:
        '`sale` lowers base prices (never raises them); `override` replaces them. Applies while `active` and within [startsAt, endsAt).',
      update: 'The type is fixed.',
      delete: 'Its prices go with it.',
    },
    ops: pricing.priceLists,
  })
  const variantPrices = defineRoute({
    method: 'get',
    path: '/api/commerce/variants/:variantId/prices',
    operationId: 'listCommerceVariantPrices',
    summary: "A variant's stored prices (every currency, region, list and tier)",
    tags: TAGS,
    access: requires('products:read'),
    request: { params: VariantParams, query: IdListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(StoredPriceSchema) } },
    handler: async (c, { params, query }) => {
      const after = idCursor.decode(query.cursor)
      const page = await pricing.prices.listForVariant(
        { tenantId: c.var.tenantId, variantId: params.variantId },
        { limit: query.limit, ...(after ? { after } : {}) },
      )
      return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
    },
  })
  const addPrice = defineRoute({
    method: 'post',
    path: '/api/commerce/variants/:variantId/prices',
    operationId: 'addCommerceVariantPrice',
    summary: 'Add a price: a currency, maybe a region (of that currency), a list and a tier',
    description:
      'Amounts are integer minor units. One price per currency, region, list and `minQuantity` ' +
      '(409 for a second); `compareAt` ≥ `amount`.',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: VariantParams, body: PriceInputSchema },
    responses: { 201: { description: 'The new price', schema: StoredPriceSchema } },
    handler: async (c, { params, body }) => {
      const price = await withInputPaths('body', () =>
        pricing.prices.add(
          { tenantId: c.var.tenantId, variantId: params.variantId },
          body,
          commerceActor(c),
        ),
      )
      return c.json(price, 201)
    },
  })
  const price = (method: 'get' | 'patch' | 'delete') => ({
    method,
    path: '/api/commerce/prices/:id',
    tags: TAGS,
  })
  const getPrice = defineRoute({
    ...price('get'),
    operationId: 'getCommercePrice',
    summary: 'One stored price',
    access: requires('products:read'),
    request: { params: IdParams },
    responses: { 200: { description: 'The price', schema: StoredPriceSchema } },
    handler: async (c, { params }) =>
      c.json(await pricing.prices.get({ tenantId: c.var.tenantId, id: params.id })),
  })
  const patchPrice = defineRoute({
    ...price('patch'),
    operationId: 'patchCommercePrice',
    summary: "Change a price's amount, compare-at or tier end",
    access: requires('products:update'),
    request: { params: IdParams, body: PricePatchSchema },
    responses: { 200: { description: 'The price', schema: StoredPriceSchema } },
    handler: async (c, { params, body }) => {
      const updated = await withInputPaths('body', () =>
        pricing.prices.update({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
      )
      return c.json(updated)
    },
  })
  const deletePrice = defineRoute({
    ...price('delete'),
    operationId: 'deleteCommercePrice',
    summary: 'Remove a price',
    access: requires('products:update'),
    request: { params: IdParams },
    responses: { 204: { description: 'Removed' } },
    handler: async (c, { params }) => {
      await pricing.prices.delete({ tenantId: c.var.tenantId, id: params.id }, commerceActor(c))
      return c.body(null, 204)
    },
  })
  return [...regions, ...lists, variantPrices, addPrice, getPrice, patchPrice, deletePrice]
}
