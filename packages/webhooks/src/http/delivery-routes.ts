import { defineRoute, pageSchema, requires, type Route } from '@rustok/http'
import type { DeliveryService } from '../index'
import {
  CountSchema,
  DeliveryDetailSchema,
  DeliveryListQuery,
  DeliverySchema,
  EndpointIdParams,
  IdParams,
  RedeliverFailedBody,
} from './webhook-http-schemas'
import { idCursor, newestFirst } from './webhook-request'

const TAGS = ['webhooks']

/** Admin routes of the delivery log: list, read, redeliver, test (`webhooks:*`). */
export function deliveryRoutes(deliveries: DeliveryService, now: () => Date): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/webhooks/endpoints/:endpointId/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: "An endpoint's deliveries, newest first",
      tags: TAGS,
      access: requires('webhooks:list'),
      request: { params: EndpointIdParams, query: DeliveryListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(DeliverySchema) } },
      handler: async (c, { params, query }) => {
        newestFirst(query.sort)
        const after = idCursor.after(query.cursor)
        const page = await deliveries.list(
          { tenantId: c.var.tenantId, id: params.endpointId },
          {
            limit: query.limit,
            ...(after ? { after } : {}),
            ...(query.status ? { status: query.status } : {}),
          },
        )
        return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/webhooks/endpoints/:id/test',
      operationId: 'sendWebhookTestEvent',
      summary: 'Queue a `webhook.test` delivery to the endpoint',
      tags: TAGS,
      access: requires('webhooks:update'),
      request: { params: IdParams },
      responses: { 202: { description: 'The queued delivery', schema: DeliverySchema } },
      handler: async (c, { params }) =>
        c.json(await deliveries.sendTest({ tenantId: c.var.tenantId, id: params.id }), 202),
    }),
    defineRoute({
      method: 'post',
      path: '/api/webhooks/endpoints/:id/redeliver-failed',
      operationId: 'redeliverFailedWebhooks',
      summary: 'Send again every dead delivery of the endpoint created in [from, to)',
      tags: TAGS,
      access: requires('webhooks:update'),
      request: { params: IdParams, body: RedeliverFailedBody },
      responses: { 200: { description: 'How many were queued again', schema: CountSchema } },
      handler: async (c, { params, body }) => {
        const range = { from: new Date(body.from ?? 0), to: body.to ? new Date(body.to) : now() }
        const redelivered = await deliveries.redeliverFailed(
          { tenantId: c.var.tenantId, id: params.id },
          range,
        )
        return c.json({ redelivered })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/webhooks/deliveries/:id',
      operationId: 'getWebhookDelivery',
      summary: 'One delivery with its body and every attempt',
      tags: TAGS,
      access: requires('webhooks:read'),
      request: { params: IdParams },
      responses: { 200: { description: 'The delivery', schema: DeliveryDetailSchema } },
      handler: async (c, { params }) =>
        c.json(await deliveries.get({ tenantId: c.var.tenantId, id: params.id })),
    }),
    defineRoute({
      method: 'post',
      path: '/api/webhooks/deliveries/:id/redeliver',
      operationId: 'redeliverWebhook',
      summary: 'Send a delivered or dead delivery again (same webhook-id)',
      description: 'A delivery still pending answers 409 `CONFLICT`.',
      tags: TAGS,
      access: requires('webhooks:update'),
      request: { params: IdParams },
      responses: { 202: { description: 'The queued delivery', schema: DeliverySchema } },
      handler: async (c, { params }) =>
        c.json(await deliveries.redeliver({ tenantId: c.var.tenantId, id: params.id }), 202),
    }),
  ]
}
