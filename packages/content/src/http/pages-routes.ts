import { defineRoute, PUBLIC, requires, type Route } from '@rustok/http'
import type { MenuService, PageService } from '../pages/index'
import { contentActor, withInputPaths } from './content-request'
import {
  AddBlockBody,
  AdminPageSchema,
  BlockParams,
  CreatePageBody,
  MenuParams,
  MenuSchema,
  PageParams,
  PageReadQuery,
  PageSlugParams,
  PreviewParams,
  PreviewTokenBody,
  PreviewTokenSchema,
  PublicPageSchema,
  ReorderBody,
  ResolvedMenuSchema,
  SetMenuBody,
  UpdateBlockBody,
} from './pages-schemas'

const TAGS = ['pages']
const PAGE = { description: 'The page with its blocks', schema: AdminPageSchema }

/**
 * Editors' routes: a page is a content node of kind `page` (publish, SEO and revisions through
 * `/api/content/nodes/:id/…`); its blocks and the tenant's menus are here.
 */
export function pageAdminRoutes(pages: PageService, menus: MenuService): Route[] {
  const page = (id: string, tenantId: string) => ({ tenantId, pageId: id })
  return [
    defineRoute({
      method: 'post',
      path: '/api/pages',
      operationId: 'createPage',
      summary: 'Create a page (a draft unless `status: "published"`) with a template',
      tags: TAGS,
      access: requires('pages:create'),
      request: { body: CreatePageBody },
      responses: { 201: { description: 'The new page', schema: AdminPageSchema } },
      handler: async (c, { body }) => {
        const created = await withInputPaths('body', () =>
          pages.create(c.var.tenantId, body, contentActor(c, 'create')),
        )
        return c.json(created, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/pages/:id',
      operationId: 'getPage',
      summary: 'A page with every translation and its blocks with every locale, any status',
      tags: TAGS,
      access: requires('pages:read'),
      request: { params: PageParams },
      responses: { 200: PAGE },
      handler: async (c, { params }) => c.json(await pages.get(page(params.id, c.var.tenantId))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/pages/:id/blocks',
      operationId: 'addPageBlock',
      summary: 'Add a block (one of 15 types) at a position, last by default',
      description: "`data` and each locale's `texts` are checked by the type's own schema.",
      tags: TAGS,
      access: requires('pages:update'),
      request: { params: PageParams, body: AddBlockBody },
      responses: { 201: PAGE },
      handler: async (c, { params, body }) => {
        const changed = await withInputPaths('body', () =>
          pages.addBlock(page(params.id, c.var.tenantId), body, contentActor(c, 'update')),
        )
        return c.json(changed, 201)
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/pages/:id/blocks/:blockId',
      operationId: 'updatePageBlock',
      summary: "Replace a block's data; merge its texts by locale (`null` drops one)",
      tags: TAGS,
      access: requires('pages:update'),
      request: { params: BlockParams, body: UpdateBlockBody },
      responses: { 200: PAGE },
      handler: async (c, { params, body }) =>
        c.json(
          await withInputPaths('body', () =>
            pages.updateBlock(
              { ...page(params.id, c.var.tenantId), blockId: params.blockId },
              body,
              contentActor(c, 'update'),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/pages/:id/blocks/:blockId',
      operationId: 'deletePageBlock',
      summary: 'Delete a block; the blocks after it move up',
      tags: TAGS,
      access: requires('pages:update'),
      request: { params: BlockParams },
      responses: { 200: PAGE },
      handler: async (c, { params }) =>
        c.json(
          await pages.deleteBlock(
            { ...page(params.id, c.var.tenantId), blockId: params.blockId },
            contentActor(c, 'update'),
          ),
        ),
    }),
    defineRoute({
      method: 'put',
      path: '/api/pages/:id/blocks/order',
      operationId: 'reorderPageBlocks',
      summary: "Put the page's blocks in a new order (every block id once), in one transaction",
      tags: TAGS,
      access: requires('pages:update'),
      request: { params: PageParams, body: ReorderBody },
      responses: { 200: PAGE },
      handler: async (c, { params, body }) =>
        c.json(
          await withInputPaths('body', () =>
            pages.reorder(page(params.id, c.var.tenantId), body, contentActor(c, 'update')),
          ),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/api/pages/:id/preview-token',
      operationId: 'createPagePreviewToken',
      summary: 'A short-lived token to preview the page, drafts included',
      description:
        "Signed with the tenant's own key; it opens this page for this tenant only, until it " +
        'expires. Read it at `GET /api/public/page-preview/:token`.',
      tags: TAGS,
      access: requires('pages:read'),
      request: { params: PageParams, body: PreviewTokenBody },
      responses: { 201: { description: 'The token', schema: PreviewTokenSchema } },
      handler: async (c, { params, body }) => {
        const token = await withInputPaths('body', () =>
          pages.previewToken(
            page(params.id, c.var.tenantId),
            body.ttlSeconds === undefined ? {} : { ttlSeconds: body.ttlSeconds },
          ),
        )
        return c.json(token, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/menus/:location',
      operationId: 'getMenu',
      summary: 'The menu of a location with every label',
      tags: TAGS,
      access: requires('pages:read'),
      request: { params: MenuParams },
      responses: { 200: { description: 'The menu', schema: MenuSchema } },
      handler: async (c, { params }) =>
        c.json(await menus.get({ tenantId: c.var.tenantId, location: params.location })),
    }),
    defineRoute({
      method: 'put',
      path: '/api/menus/:location',
      operationId: 'setMenu',
      summary: 'Set the menu of a location: its items replaced whole, in one transaction',
      description: 'Items nest up to four levels; each links to a node (`nodeId`) or a `url`.',
      tags: TAGS,
      access: requires('pages:update'),
      request: { params: MenuParams, body: SetMenuBody },
      responses: { 200: { description: 'The menu', schema: MenuSchema } },
      handler: async (c, { params, body }) =>
        c.json(
          await withInputPaths('body', () =>
            menus.set(
              { tenantId: c.var.tenantId, location: params.location },
              body as never,
              contentActor(c, 'update'),
            ),
          ),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/menus/:location',
      operationId: 'deleteMenu',
      summary: 'Delete the menu of a location',
      tags: TAGS,
      access: requires('pages:delete'),
      request: { params: MenuParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async (c, { params }) => {
        await menus.delete(
          { tenantId: c.var.tenantId, location: params.location },
          contentActor(c, 'delete'),
        )
        return c.body(null, 204)
      },
    }),
  ]
}

/** What a website reads without a token: published pages and the menus. */
export function pagePublicRoutes(pages: PageService, menus: MenuService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/public/pages/:slug',
      operationId: 'readPublicPage',
      summary: 'A published page by its slug, with its blocks and SEO in the reader’s locale',
      description:
        "Texts through the tenant's fallback chain; each block says which locale its texts came " +
        'from. An old slug answers 301 to the current one.',
      tags: TAGS,
      access: PUBLIC,
      request: { params: PageSlugParams, query: PageReadQuery },
      responses: {
        200: { description: 'The page', schema: PublicPageSchema },
        301: { description: 'An old slug: follow `Location`' },
      },
      handler: async (c, { params, query }) => {
        const locale = query.locale ?? c.var.tenant.defaultLocale
        const match = await withInputPaths('query', () =>
          pages.findBySlug(c.var.tenantId, { locale, slug: params.slug }),
        )
        if (match.redirectTo !== null)
          return c.redirect(
            `/api/public/pages/${encodeURIComponent(match.redirectTo)}?locale=${encodeURIComponent(locale)}`,
            301,
          )
        return c.json(match.page)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/page-preview/:token',
      operationId: 'readPagePreview',
      summary: 'The page a preview token opens, whatever its status',
      description: 'An expired, forged or other tenant’s token answers 401.',
      tags: TAGS,
      access: PUBLIC,
      request: { params: PreviewParams, query: PageReadQuery },
      responses: { 200: { description: 'The page', schema: PublicPageSchema } },
      handler: async (c, { params, query }) => {
        c.header('cache-control', 'no-store')
        return c.json(
          await pages.preview(c.var.tenantId, {
            token: params.token,
            locale: query.locale ?? c.var.tenant.defaultLocale,
          }),
        )
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/menus/:location',
      operationId: 'readPublicMenu',
      summary: 'The menu of a location for a reader: labels in their locale, live links only',
      tags: TAGS,
      access: PUBLIC,
      request: { params: MenuParams, query: PageReadQuery },
      responses: { 200: { description: 'The menu', schema: ResolvedMenuSchema } },
      handler: async (c, { params, query }) =>
        c.json({
          items: await withInputPaths('query', () =>
            menus.resolve(
              { tenantId: c.var.tenantId, location: params.location },
              query.locale ?? c.var.tenant.defaultLocale,
            ),
          ),
        }),
    }),
  ]
}
