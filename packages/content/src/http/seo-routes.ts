import { defineRoute, requires, type Route } from '@rustok/http'
import type { SeoService } from '../index'
import { contentActor, withInputPaths } from './content-request'
import { NodeSeoSchema, SeoBody, SeoParams } from './seo-schemas'

const TAGS = ['content']

/**
 * The admin routes of a node's SEO meta (`nodes:update`): a change of the node. Readers get the
 * meta with the node (`seo`), in their locale.
 */
export function seoRoutes(seo: SeoService): Route[] {
  return [
    defineRoute({
      method: 'put',
      path: '/api/content/nodes/:id/seo/:locale',
      operationId: 'putContentNodeSeo',
      summary: "Set (replace) a node's SEO meta in one locale",
      description:
        'Absent fields are cleared. `canonicalUrl` and `openGraph.image` must be http(s) URLs; ' +
        '`robots` takes known directives only; `structuredData` is any JSON-LD object or array ' +
        'up to 32 KiB. Emits `node.updated`.',
      tags: TAGS,
      access: requires('nodes:update'),
      request: { params: SeoParams, body: SeoBody },
      responses: { 200: { description: 'The meta as stored', schema: NodeSeoSchema } },
      handler: async (c, { params, body }) => {
        const saved = await withInputPaths('body', () =>
          seo.set(
            { node: { tenantId: c.var.tenantId, id: params.id }, locale: params.locale },
            body,
            contentActor(c, 'update'),
          ),
        )
        return c.json(saved)
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/content/nodes/:id/seo/:locale',
      operationId: 'deleteContentNodeSeo',
      summary: "Delete a node's SEO meta in one locale",
      description: '404 when the node has no meta in the locale.',
      tags: TAGS,
      access: requires('nodes:update'),
      request: { params: SeoParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async (c, { params }) => {
        await seo.delete(
          { node: { tenantId: c.var.tenantId, id: params.id }, locale: params.locale },
          contentActor(c, 'update'),
        )
        return c.body(null, 204)
      },
    }),
  ]
}
