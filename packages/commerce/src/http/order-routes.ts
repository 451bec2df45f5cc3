import {
  defineRoute,
  encodeCursor,
  pageSchema,
  requires,
  type PermissionAccess,
  type Route,
  type RouteContext,
} from '@rustok/http'
import type { OrderService } from '../index'
import { commerceActor, withInputPaths } from './commerce-request'
import { orderScope } from './order-scope'
import {
  CancelBody,
  OrderListQuery,
  OrderParams,
  OrderSchema,
  OrderSummarySchema,
  RefundBody,
  ShipBody,
} from './order-http-schemas'

const TAGS = ['commerce']
const ORDER = { 200: { description: 'The order after the change', schema: OrderSchema } }
type Context = RouteContext<PermissionAccess>
const scopeOf = orderScope

const TRANSITIONS = [
  { name: 'confirm', summary: 'Confirm a pending order', run: 'confirm' },
  {
    name: 'capture',
    summary: 'Capture the payment of a confirmed order: it is paid and its stock sold',
    run: 'capture',
  },
  { name: 'deliver', summary: 'Mark a shipped order delivered', run: 'deliver' },
] as const

/** Admin routes of orders under `/api/commerce/orders` (`orders:*`). */
export function orderRoutes(orders: OrderService): Route[] {
  const command = (c: Context, id: string) => ({
    ...scopeOf(c),
    id,
    actor: commerceActor(c),
  })
  return [
    defineRoute({
      method: 'get',
      path: '/api/commerce/orders',
      operationId: 'listCommerceOrders',
      summary: "The tenant's orders, newest first, a page at a time",
      description:
        'Filter by `status`, `customer`, `email`, `number` and the placing window ' +
        '(`createdFrom`, `createdTo`). A customer sees only their own orders.',
      tags: TAGS,
      access: requires('orders:list'),
      request: { query: OrderListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(OrderSummarySchema) } },
      handler: async (c, { query }) => {
        const page = await withInputPaths('query', () =>
          orders.list(scopeOf(c), {
            limit: query.limit,
            ...(query.status ? { status: query.status } : {}),
            ...(query.customer ? { customerId: query.customer } : {}),
            ...(query.email ? { email: query.email } : {}),
            ...(query.number ? { number: query.number } : {}),
            ...(query.createdFrom ? { createdFrom: query.createdFrom } : {}),
            ...(query.createdTo ? { createdTo: query.createdTo } : {}),
            ...(query.cursor
              ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
              : {}),
          }),
        )
        return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/commerce/orders/:id',
      operationId: 'getCommerceOrder',
      summary: 'One order with its lines, payment, money movements and history',
      description: 'The history is the order’s events, oldest first.',
      tags: TAGS,
      access: requires('orders:read'),
      request: { params: OrderParams },
      responses: { 200: { description: 'The order', schema: OrderSchema } },
      handler: async (c, { params }) => {
        const ref = { ...scopeOf(c), id: params.id }
        const [order, history] = await Promise.all([orders.get(ref), orders.history(ref)])
        return c.json({
          ...order,
          history: history.map((entry) => ({
            ...entry,
            occurredAt: entry.occurredAt.toISOString(),
          })),
        })
      },
    }),
    ...TRANSITIONS.map(({ name, summary, run }) =>
      defineRoute({
        method: 'post',
        path: `/api/commerce/orders/:id/${name}`,
        operationId: `${name}CommerceOrder`,
        summary,
        description: 'Refused with 409 INVALID_TRANSITION from any other status.',
        tags: TAGS,
        access: requires('orders:update'),
        request: { params: OrderParams },
        responses: ORDER,
        handler: async (c, { params }) => c.json(await orders[run](command(c, params.id))),
      }),
    ),
    defineRoute({
      method: 'post',
      path: '/api/commerce/orders/:id/ship',
      operationId: 'shipCommerceOrder',
      summary: 'Ship a paid order with a carrier and a tracking number',
      tags: TAGS,
      access: requires('orders:update'),
      request: { params: OrderParams, body: ShipBody },
      responses: ORDER,
      handler: async (c, { params, body }) =>
        c.json(await withInputPaths('body', () => orders.ship(command(c, params.id), body))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/orders/:id/cancel',
      operationId: 'cancelCommerceOrder',
      summary: 'Cancel an order: before payment it releases the stock and voids the payment',
      description:
        'A paid order is cancelled only with `refund: true`, which refunds what is left through ' +
        'the payment provider; a shipped or delivered one cannot be cancelled (refund it instead).',
      tags: TAGS,
      access: requires('orders:update'),
      request: { params: OrderParams, body: CancelBody },
      responses: ORDER,
      handler: async (c, { params, body }) =>
        c.json(await withInputPaths('body', () => orders.cancel(command(c, params.id), body))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/orders/:id/refund',
      operationId: 'refundCommerceOrder',
      summary: 'Refund part of a paid, shipped or delivered order through its provider',
      description:
        'At most what is left to refund. With an `Idempotency-Key` the same refund is never made twice.',
      tags: TAGS,
      access: requires('orders:update'),
      request: { params: OrderParams, body: RefundBody },
      responses: ORDER,
      handler: async (c, { params, body }) => {
        const key = c.req.header('idempotency-key') ?? c.var.requestId
        return c.json(
          await withInputPaths('body', () =>
            orders.refund({ ...command(c, params.id), key }, body),
          ),
        )
      },
    }),
  ]
}
