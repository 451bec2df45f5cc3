import { defineRoute, encodeCursor, pageSchema, PUBLIC, type Route } from '@rustok/http'
import type { NodeService } from '../index'
import { withInputPaths } from './content-request'
import {
  LocalizedNodeSchema,
  LocalizedReadQuery,
  NodeIdParams,
  NodeListItemSchema,
  PublicNodeListQuery,
  SlugParams,
} from './content-schemas'
import { listFilters } from './list-filters'

const TAGS = ['content']

/**
 * What a website or storefront reads, without a token: published nodes only, each text in the
 * reader's locale through the tenant's fallback chain.
 */
export function nodePublicRoutes(nodes: NodeService): Route[] {
  const list = defineRoute({
    method: 'get',
    path: '/api/public/content/nodes',
    operationId: 'listPublishedNodes',
    summary: 'Published nodes, a page at a time',
    description:
      'The filters of the admin list, on published nodes only; newest published first by default.',
    tags: TAGS,
    access: PUBLIC,
    request: { query: PublicNodeListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(NodeListItemSchema) } },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        nodes.list(
          { tenantId: c.var.tenantId, publishedOnly: true },
          listFilters(query, c.var.tenant.defaultLocale),
        ),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })

  const byId = defineRoute({
    method: 'get',
    path: '/api/public/content/nodes/:id',
    operationId: 'readPublishedNode',
    summary: 'One published node in the reader’s locale',
    description:
      '`format=html` adds the body as sanitised HTML (markdown rendered). 404 unless published.',
    tags: TAGS,
    access: PUBLIC,
    request: { params: NodeIdParams, query: LocalizedReadQuery },
    responses: { 200: { description: 'The node', schema: LocalizedNodeSchema } },
    handler: async (c, { params, query }) => {
      const node = await withInputPaths('query', () =>
        nodes.read(
          { tenantId: c.var.tenantId, id: params.id },
          {
            locale: query.locale ?? c.var.tenant.defaultLocale,
            publishedOnly: true,
            format: query.format ?? 'stored',
          },
        ),
      )
      return c.json(node)
    },
  })

  const bySlug = defineRoute({
    method: 'get',
    path: '/api/public/content/slugs/:kind/:locale/:slug',
    operationId: 'readPublishedNodeBySlug',
    summary: 'One published node by its slug in a locale',
    description:
      'An old slug of a renamed node answers 301 with `Location` at its current slug. Texts come ' +
      "from the tenant's fallback chain when the node lacks the locale.",
    tags: TAGS,
    access: PUBLIC,
    request: { params: SlugParams, query: LocalizedReadQuery },
    responses: {
      200: { description: 'The node', schema: LocalizedNodeSchema },
      301: { description: 'The slug is an old one: follow `Location`' },
    },
    handler: async (c, { params, query }) => {
      const match = await nodes.findBySlug(
        { tenantId: c.var.tenantId, publishedOnly: true, format: query.format ?? 'stored' },
        params,
      )
      if (match.redirectTo !== null) {
        const search = new URL(c.req.url).search
        const location = `/api/public/content/slugs/${params.kind}/${params.locale}/${match.redirectTo}${search}`
        return c.redirect(location, 301)
      }
      return c.json(match.node)
    },
  })

  return [list, byId, bySlug]
}
