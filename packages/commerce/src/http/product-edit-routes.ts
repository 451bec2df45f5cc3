import { defineRoute, requires, type Route } from '@rustok/http'
import {
  AddOptionSchema,
  UpdateOptionSchema,
  AddVariantSchema,
  UpdateProductSchema,
  UpdateVariantSchema,
  type ProductService,
} from '../index'
import { commerceActor, withInputPaths } from './commerce-request'
import { IdParams, ProductSchema } from './commerce-schemas'
import { ProductOptionParams, ProductVariantParams } from './grouping-http-schemas'

const TAGS = ['commerce']
const PRODUCT = { description: 'The product after the change', schema: ProductSchema }

/** Admin routes that change a product in place: fields, texts, filing, variants. */
export function productEditRoutes(products: ProductService): Route[] {
  const update = defineRoute({
    method: 'patch',
    path: '/api/commerce/products/:id',
    operationId: 'updateCommerceProduct',
    summary: 'Change fields and texts; replace tags, categories or images',
    description:
      'Translations merge by locale (a patch to `de` keeps `en`); `removeLocales` drops one. A ' +
      'renamed product keeps its handle unless a new one is given. Any status.',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: IdParams, body: UpdateProductSchema },
    responses: { 200: PRODUCT },
    handler: async (c, { params, body }) =>
      c.json(
        await withInputPaths('body', () =>
          products.update({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
        ),
      ),
  })
  const addVariant = defineRoute({
    method: 'post',
    path: '/api/commerce/products/:id/variants',
    operationId: 'addCommerceVariant',
    summary: 'Add a variant for a new combination of option values',
    description: 'One value id of each option; a combination, SKU or barcode taken answers 409.',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: IdParams, body: AddVariantSchema },
    responses: { 201: PRODUCT },
    handler: async (c, { params, body }) => {
      const product = await withInputPaths('body', () =>
        products.addVariant({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
      )
      return c.json(product, 201)
    },
  })
  const updateVariant = defineRoute({
    method: 'patch',
    path: '/api/commerce/products/:id/variants/:variantId',
    operationId: 'updateCommerceVariant',
    summary: "Change a variant's SKU, barcode, inventory flags, rank or metadata",
    tags: TAGS,
    access: requires('products:update'),
    request: { params: ProductVariantParams, body: UpdateVariantSchema },
    responses: { 200: PRODUCT },
    handler: async (c, { params, body }) =>
      c.json(
        await withInputPaths('body', () =>
          products.updateVariant(
            { tenantId: c.var.tenantId, id: params.id, variantId: params.variantId },
            body,
            commerceActor(c),
          ),
        ),
      ),
  })
  const deleteVariant = defineRoute({
    method: 'delete',
    path: '/api/commerce/products/:id/variants/:variantId',
    operationId: 'deleteCommerceVariant',
    summary: 'Delete a variant with its stock levels and prices',
    description: 'The last variant, or one with active reservations, answers 409.',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: ProductVariantParams },
    responses: { 200: PRODUCT },
    handler: async (c, { params }) =>
      c.json(
        await products.deleteVariant(
          { tenantId: c.var.tenantId, id: params.id, variantId: params.variantId },
          commerceActor(c),
        ),
      ),
  })
  const addOption = defineRoute({
    method: 'post',
    path: '/api/commerce/products/:id/options',
    operationId: 'addCommerceOption',
    summary: 'Add an option with its values; existing variants take its first value',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: IdParams, body: AddOptionSchema },
    responses: { 201: PRODUCT },
    handler: async (c, { params, body }) => {
      const product = await withInputPaths('body', () =>
        products.addOption({ tenantId: c.var.tenantId, id: params.id }, body, commerceActor(c)),
      )
      return c.json(product, 201)
    },
  })
  const updateOption = defineRoute({
    method: 'patch',
    path: '/api/commerce/products/:id/options/:optionId',
    operationId: 'updateCommerceOption',
    summary: 'Rename an option or its values, append values, remove unused ones',
    description: 'A value a variant uses answers 409.',
    tags: TAGS,
    access: requires('products:update'),
    request: { params: ProductOptionParams, body: UpdateOptionSchema },
    responses: { 200: PRODUCT },
    handler: async (c, { params, body }) =>
      c.json(
        await withInputPaths('body', () =>
          products.updateOption(
            { tenantId: c.var.tenantId, id: params.id, optionId: params.optionId },
            body,
            commerceActor(c),
          ),
        ),
      ),
  })
  return [update, addVariant, updateVariant, deleteVariant, addOption, updateOption]
}
