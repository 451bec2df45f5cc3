import { defineRoute, encodeCursor, pageSchema, PUBLIC, requires, type Route } from '@rustok/http'
import type { CheckoutService, OrderService } from '../index'
import { CartParams } from './cart-http-schemas'
import { commerceActor, withInputPaths } from './commerce-request'
import {
  CheckoutResultSchema,
  CompleteBody,
  OrderParams,
  OrderSchema,
  OrderSummarySchema,
  OwnOrderListQuery,
} from './order-http-schemas'
import { orderScope } from './order-scope'
import { shopperOf, type ShopperTokens } from './shopper'

const TAGS = ['commerce']
const SIGNED_IN =
  "A customer's own orders (RBAC scope own): signed in with the customer's token; staff see the tenant's."

/** The auth module's services the checkout uses, when the app has them: tokens and accounts. */
export interface CheckoutAuth extends ShopperTokens {
  readonly users?: {
    get(tenantId: string, userId: string): Promise<{ readonly email: string } | undefined>
  }
}

/** The storefront's checkout (`POST /api/store/carts/:id/complete`) and a customer's orders. */
export function checkoutRoutes(
  services: { readonly checkout: CheckoutService; readonly orders: OrderService },
  auth: CheckoutAuth | undefined,
): Route[] {
  const shopper = shopperOf(auth)
  const { checkout, orders } = services
  return [
    defineRoute({
      method: 'post',
      path: '/api/store/carts/:id/complete',
      operationId: 'completeStoreCart',
      summary: 'Check out a cart: hold the stock, authorise the payment, place the order',
      description:
        'Runs the checkout saga (reserve every line or none → authorise → place → confirm) and ' +
        'answers the confirmed order. A failure gives everything back and answers 422 ' +
        '`INSUFFICIENT_INVENTORY`, 402 `PAYMENT_DECLINED`, 502 `PAYMENT_FAILED` or 409 `CONFLICT`. ' +
        'Send an `Idempotency-Key`: the same key never places two orders, even while the first ' +
        "request runs. Guests complete their cart by its id; a customer's cart only with their token.",
      tags: TAGS,
      access: PUBLIC,
      request: { params: CartParams, body: CompleteBody },
      responses: {
        201: { description: 'The checkout and its order', schema: CheckoutResultSchema },
      },
      handler: (c, { params, body }) =>
        shopper(c, async (customerId) => {
          const key = c.req.header('idempotency-key')
          // A signed-in customer's cart without an e-mail takes the account's.
          const account =
            customerId === null ? undefined : await auth?.users?.get(c.var.tenantId, customerId)
          const result = await withInputPaths('body', () =>
            checkout.complete({
              tenantId: c.var.tenantId,
              cartId: params.id,
              customerId,
              ...(body.provider === undefined ? {} : { provider: body.provider }),
              ...(key === undefined ? {} : { idempotencyKey: key }),
              ...(account ? { email: account.email } : {}),
              actor: { ...commerceActor(c), userId: customerId },
            }),
          )
          return c.json(result, 201)
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/store/orders',
      operationId: 'listStoreOrders',
      summary: "The signed-in customer's orders, newest first",
      description: SIGNED_IN,
      tags: TAGS,
      access: requires('orders:list'),
      request: { query: OwnOrderListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(OrderSummarySchema) } },
      handler: async (c, { query }) => {
        const page = await orders.list(orderScope(c), {
          limit: query.limit,
          ...(query.cursor
            ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
            : {}),
        })
        return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/store/orders/:id',
      operationId: 'getStoreOrder',
      summary: "One of the signed-in customer's orders",
      description: `${SIGNED_IN} Another customer's order is 404.`,
      tags: TAGS,
      access: requires('orders:read'),
      request: { params: OrderParams },
      responses: { 200: { description: 'The order', schema: OrderSchema } },
      handler: async (c, { params }) =>
        c.json(await orders.get({ ...orderScope(c), id: params.id })),
    }),
  ]
}
