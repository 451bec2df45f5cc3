import { defineRoute, pageSchema, PUBLIC, type Route } from '@rustok/http'
import * as v from 'valibot'
import {
  PromotionInputSchema,
  PromotionPatchSchema,
  ShippingOptionInputSchema,
  ShippingOptionPatchSchema,
  type PromotionService,
  type ShippingOptionService,
} from '../index'
import { PromotionSchema, ShippingOptionSchema } from './cart-http-schemas'
import { idCursor, withInputPaths } from './commerce-request'
import { IdListQuery } from './commerce-schemas'
import { crudRoutes } from './pricing-routes'

/**
 * Admin routes of promotions (`discounts:*`) and flat-rate shipping options (`settings:*`, like
 * regions), and the storefront's list of a region's shipping options.
 */
export function promotionRoutes(
  promotions: PromotionService,
  shipping: ShippingOptionService,
): Route[] {
  const promotionCrud = crudRoutes({
    path: '/api/commerce/promotions',
    name: 'promotion',
    resource: 'discounts',
    schema: PromotionSchema,
    createBody: PromotionInputSchema,
    patchBody: PromotionPatchSchema,
    notes: {
      create:
        'A discount code (unique per tenant, stored uppercase): `percentage` (percent) or `fixed` ' +
        '(amount and currency, minor units), an optional minimum subtotal (in currency), usage ' +
        'limits in all and per customer, a validity window [startsAt, endsAt). Uses are counted ' +
        'when an order redeems it.',
      update: 'The code and type are fixed; a usage limit cannot go below the uses so far.',
      delete: 'Carts holding the code lose it.',
    },
    ops: promotions,
  })
  const shippingCrud = crudRoutes({
    path: '/api/commerce/shipping-options',
    name: 'shipping option',
    resource: 'settings',
    schema: ShippingOptionSchema,
    createBody: ShippingOptionInputSchema,
    patchBody: ShippingOptionPatchSchema,
    notes: {
      create: "A flat rate of a region, in minor units of the region's currency.",
      update: 'The region is fixed.',
      delete: 'Carts that chose it have no shipping option.',
    },
    ops: shipping,
  })
  const storeShipping = defineRoute({
    method: 'get',
    path: '/api/store/shipping-options',
    operationId: 'listStoreShippingOptions',
    summary: 'The shipping options a cart of a region can choose',
    tags: ['commerce'],
    access: PUBLIC,
    request: {
      query: v.object({
        ...IdListQuery.entries,
        region: v.optional(v.pipe(v.string(), v.uuid('Expected a UUID'))),
      }),
    },
    responses: { 200: { description: 'One page', schema: pageSchema(ShippingOptionSchema) } },
    handler: async (c, { query }) => {
      const after = idCursor.decode(query.cursor)
      const page = await withInputPaths('query', () =>
        shipping.list(c.var.tenantId, {
          limit: query.limit,
          ...(after ? { after } : {}),
          ...(query.region ? { regionId: query.region } : {}),
        }),
      )
      return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
    },
  })
  return [...promotionCrud, ...shippingCrud, storeShipping]
}
