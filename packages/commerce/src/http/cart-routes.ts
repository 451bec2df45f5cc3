import {
  AUTHENTICATED,
  defineRoute,
  encodeCursor,
  listQuery,
  pageSchema,
  PUBLIC,
  type Route,
} from '@rustok/http'
import {
  CartInputSchema,
  CartPatchSchema,
  DiscountCodeInputSchema,
  LineInputSchema,
  LinePatchSchema,
  ShippingSelectionSchema,
  type CartService,
} from '../index'
import { CartCodeParams, CartLineParams, CartParams, CartSchema } from './cart-http-schemas'
import { commerceActor, newestFirst, withInputPaths } from './commerce-request'
import { shopperOf, type ShopperTokens } from './shopper'

const TAGS = ['commerce']
const ACCESS =
  'Public: a guest holds a cart by its id (a random UUID). With a bearer token the caller shops ' +
  "as that customer: a new cart is theirs, and a customer's cart answers only to them (404 to " +
  'anyone else). An invalid token is 401, never a guest. `Idempotency-Key` is scoped to the ' +
  "token sent (a guest's to the tenant alone: use a random key)."
const MyCartsQuery = listQuery({ sort: ['createdAt'], defaultSort: '-createdAt' })
const CART = { 200: { description: 'The cart, re-priced and totalled', schema: CartSchema } }

/** The storefront's cart routes under `/api/store/carts`: a guest's or a customer's own. */
export function cartRoutes(carts: CartService, auth: ShopperTokens | undefined): Route[] {
  const shopper = shopperOf(auth)
  const cartPath = '/api/store/carts/:id'
  const ref = (c: { var: { tenantId: string } }, id: string, customerId: string | null) => ({
    tenantId: c.var.tenantId,
    cartId: id,
    customerId,
  })
  const actor = (c: Parameters<typeof commerceActor>[0], customerId: string | null) => ({
    ...commerceActor(c),
    userId: customerId,
  })
  return [
    defineRoute({
      method: 'get',
      path: '/api/store/customers/me/carts',
      operationId: 'listMyCarts',
      summary: "The signed-in customer's own carts, newest first, a page at a time",
      description: 'Open and completed, each with its lines and totals; nobody else sees them.',
      tags: TAGS,
      access: AUTHENTICATED,
      request: { query: MyCartsQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(CartSchema) } },
      handler: async (c, { query }) => {
        newestFirst(query.sort)
        const page = await withInputPaths('query', () =>
          carts.listForCustomer(
            { tenantId: c.var.tenantId, customerId: c.var.userId },
            {
              limit: query.limit,
              ...(query.cursor
                ? { after: { createdAt: String(query.cursor.value), id: query.cursor.id } }
                : {}),
            },
          ),
        )
        return c.json({
          items: page.items,
          nextCursor: page.next && encodeCursor({ value: page.next.createdAt, id: page.next.id }),
        })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/store/carts',
      operationId: 'createStoreCart',
      summary: 'Create a cart in a region, maybe with lines',
      description: `${ACCESS} Prices come from the region's currency and tax rule.`,
      tags: TAGS,
      access: PUBLIC,
      request: { body: CartInputSchema },
      responses: { 201: { description: 'The new cart', schema: CartSchema } },
      handler: (c, { body }) =>
        shopper(c, async (customerId) => {
          const cart = await withInputPaths('body', () =>
            carts.create({ tenantId: c.var.tenantId, customerId }, body, actor(c, customerId)),
          )
          return c.json(cart, 201)
        }),
    }),
    defineRoute({
      method: 'get',
      path: cartPath,
      operationId: 'getStoreCart',
      summary: 'One cart with its lines, codes and totals',
      description: ACCESS,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartParams },
      responses: CART,
      handler: (c, { params }) =>
        shopper(c, async (customerId) => c.json(await carts.get(ref(c, params.id, customerId)))),
    }),
    defineRoute({
      method: 'patch',
      path: cartPath,
      operationId: 'patchStoreCart',
      summary: "Change a cart's e-mail, addresses or region; absent fields stay",
      description: `${ACCESS} A new region re-prices every line in its currency (422 naming regionId when one has no price there) and drops the shipping option.`,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartParams, body: CartPatchSchema },
      responses: CART,
      handler: (c, { params, body }) =>
        shopper(c, async (customerId) =>
          c.json(
            await withInputPaths('body', () =>
              carts.update(ref(c, params.id, customerId), body, actor(c, customerId)),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'post',
      path: `${cartPath}/lines`,
      operationId: 'addStoreCartLine',
      summary: 'Add a variant (to its line when the cart has one)',
      description: `${ACCESS} The variant must be of an active product with a price in the cart's region.`,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartParams, body: LineInputSchema },
      responses: CART,
      handler: (c, { params, body }) =>
        shopper(c, async (customerId) =>
          c.json(
            await withInputPaths('body', () =>
              carts.addLine(ref(c, params.id, customerId), body, actor(c, customerId)),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'patch',
      path: `${cartPath}/lines/:lineId`,
      operationId: 'patchStoreCartLine',
      summary: "Set a line's quantity",
      description: ACCESS,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartLineParams, body: LinePatchSchema },
      responses: CART,
      handler: (c, { params, body }) =>
        shopper(c, async (customerId) =>
          c.json(
            await withInputPaths('body', () =>
              carts.updateLine(
                { ...ref(c, params.id, customerId), lineId: params.lineId },
                body,
                actor(c, customerId),
              ),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: `${cartPath}/lines/:lineId`,
      operationId: 'removeStoreCartLine',
      summary: 'Remove a line',
      description: ACCESS,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartLineParams },
      responses: CART,
      handler: (c, { params }) =>
        shopper(c, async (customerId) =>
          c.json(
            await carts.removeLine(
              { ...ref(c, params.id, customerId), lineId: params.lineId },
              actor(c, customerId),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'post',
      path: `${cartPath}/discount-codes`,
      operationId: 'addStoreCartDiscountCode',
      summary: 'Apply a discount code',
      description: `${ACCESS} 422 PROMOTION_NOT_APPLICABLE when it does not apply, the reason as the error of body.code (NOT_FOUND, EXPIRED, MIN_SUBTOTAL_NOT_MET, USAGE_LIMIT_REACHED, …). Its use is counted at checkout.`,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartParams, body: DiscountCodeInputSchema },
      responses: CART,
      handler: (c, { params, body }) =>
        shopper(c, async (customerId) =>
          c.json(
            await withInputPaths('body', () =>
              carts.addCode(ref(c, params.id, customerId), body, actor(c, customerId)),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: `${cartPath}/discount-codes/:code`,
      operationId: 'removeStoreCartDiscountCode',
      summary: 'Remove a discount code',
      description: ACCESS,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartCodeParams },
      responses: CART,
      handler: (c, { params }) =>
        shopper(c, async (customerId) =>
          c.json(
            await carts.removeCode(
              { ...ref(c, params.id, customerId), code: params.code },
              actor(c, customerId),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'put',
      path: `${cartPath}/shipping-option`,
      operationId: 'selectStoreCartShippingOption',
      summary: 'Choose a shipping option of the cart’s region (or none)',
      description: ACCESS,
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartParams, body: ShippingSelectionSchema },
      responses: CART,
      handler: (c, { params, body }) =>
        shopper(c, async (customerId) =>
          c.json(
            await withInputPaths('body', () =>
              carts.selectShipping(ref(c, params.id, customerId), body, actor(c, customerId)),
            ),
          ),
        ),
    }),
  ]
}
