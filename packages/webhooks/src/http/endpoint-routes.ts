import { defineRoute, pageSchema, requires, type Route } from '@rustok/http'
import { CreateEndpointSchema, UpdateEndpointSchema, type EndpointService } from '../index'
import {
  EndpointListQuery,
  EndpointSchema,
  EndpointWithSecretSchema,
  IdParams,
} from './webhook-http-schemas'
import { idCursor, newestFirst, webhookActor, withBodyPaths } from './webhook-request'

const TAGS = ['webhooks']

/** Admin routes of a tenant's webhook endpoints (`webhooks:*`). */
export function endpointRoutes(endpoints: EndpointService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/webhooks/endpoints',
      operationId: 'listWebhookEndpoints',
      summary: "The tenant's webhook endpoints, newest first",
      tags: TAGS,
      access: requires('webhooks:list'),
      request: { query: EndpointListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(EndpointSchema) } },
      handler: async (c, { query }) => {
        newestFirst(query.sort)
        const after = idCursor.after(query.cursor)
        const page = await endpoints.list(c.var.tenantId, {
          limit: query.limit,
          ...(after ? { after } : {}),
        })
        return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/webhooks/endpoints',
      operationId: 'createWebhookEndpoint',
      summary: 'Register an endpoint; its signing secret is in this answer only',
      description:
        'The URL must be https (unless the server allows http) and may not point at a loopback, private, link-local or metadata address unless the server allow-lists it.',
      tags: TAGS,
      access: requires('webhooks:create'),
      request: { body: CreateEndpointSchema },
      responses: {
        201: { description: 'The endpoint and its secret', schema: EndpointWithSecretSchema },
      },
      handler: async (c, { body }) =>
        c.json(
          await withBodyPaths(() => endpoints.create(c.var.tenantId, body, webhookActor(c))),
          201,
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/webhooks/endpoints/:id',
      operationId: 'getWebhookEndpoint',
      summary: 'One endpoint (never its secret)',
      tags: TAGS,
      access: requires('webhooks:read'),
      request: { params: IdParams },
      responses: { 200: { description: 'The endpoint', schema: EndpointSchema } },
      handler: async (c, { params }) =>
        c.json(await endpoints.get({ tenantId: c.var.tenantId, id: params.id })),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/webhooks/endpoints/:id',
      operationId: 'updateWebhookEndpoint',
      summary: "Change an endpoint's URL, filters, headers, description or enabled flag",
      description: 'Enabling an endpoint the system disabled clears its reason.',
      tags: TAGS,
      access: requires('webhooks:update'),
      request: { params: IdParams, body: UpdateEndpointSchema },
      responses: { 200: { description: 'The endpoint', schema: EndpointSchema } },
      handler: async (c, { params, body }) =>
        c.json(
          await withBodyPaths(() =>
            endpoints.update({ tenantId: c.var.tenantId, id: params.id }, body, webhookActor(c)),
          ),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/webhooks/endpoints/:id',
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete an endpoint with its deliveries',
      tags: TAGS,
      access: requires('webhooks:delete'),
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async (c, { params }) => {
        await endpoints.delete({ tenantId: c.var.tenantId, id: params.id }, webhookActor(c))
        return c.body(null, 204)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/webhooks/endpoints/:id/rotate-secret',
      operationId: 'rotateWebhookSecret',
      summary: 'A new signing secret; the previous one keeps signing for the grace period',
      tags: TAGS,
      access: requires('webhooks:update'),
      request: { params: IdParams },
      responses: {
        200: { description: 'The endpoint and its new secret', schema: EndpointWithSecretSchema },
      },
      handler: async (c, { params }) =>
        c.json(
          await endpoints.rotateSecret(
            { tenantId: c.var.tenantId, id: params.id },
            webhookActor(c),
          ),
        ),
    }),
  ]
}
