import { translationCandidates } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { defineServerModule, type ServerModule } from '@rustok/http'
import {
  createMenuService,
  createPageService,
  pagesEvents,
  type MenuService,
  type PageService,
} from '../pages/index'
import { contentModule } from './content-modules'
import { pageAdminRoutes, pagePublicRoutes } from './pages-routes'
import { seedDemoPages } from './pages-seed'

/** What the pages module gives other modules. */
export interface PagesServices {
  readonly pages: PageService
  readonly menus: MenuService
}

/**
 * Pages: content nodes of kind `page` with a template and ordered blocks of 15 types (each with
 * its own schemas and translated texts), one menu per location, and signed preview tokens.
 */
export const pagesModule: ServerModule<undefined, PagesServices> = defineServerModule<
  undefined,
  PagesServices
>({
  name: 'pages',
  description: 'Pages with typed, translated blocks; menus; preview tokens.',
  toggleable: true,
  dependsOn: ['tenancy', 'content'],
  events: pagesEvents,
  permissions: ['pages:create', 'pages:read', 'pages:update', 'pages:delete'],
  setup: (core) => {
    const { tenantCache, localeCache } = core.use(tenancyModule)
    const content = core.use(contentModule)
    const locales = async (tenantId: string, requested: string) => {
      const [tenant, enabled] = await Promise.all([
        tenantCache.find({ kind: 'uuid', value: tenantId }),
        localeCache.get(tenantId),
      ])
      return translationCandidates(requested, {
        fallbacks: new Map(enabled.map((locale) => [locale.code, locale.fallback])),
        defaultLocale: tenant?.defaultLocale ?? 'en',
      })
    }
    const deps = { db: core.db, events: core.outbox, now: core.now, newId: core.newId, locales }
    const pages = createPageService({ ...deps, nodes: content.nodes })
    const menus = createMenuService(deps)
    return {
      services: { pages, menus },
      routes: [...pageAdminRoutes(pages, menus), ...pagePublicRoutes(pages, menus)],
      matrixFixtures: async ({ side, tenantId, adminId }) => {
        const actor = { userId: adminId, scope: 'all' } as const
        const page = await pages.create(
          tenantId,
          { status: 'published', translations: [{ locale: 'en', title: `Matrix page ${side}` }] },
          actor,
        )
        const withBlock = await pages.addBlock(
          { tenantId, pageId: page.id },
          { type: 'spacer', data: { size: 's' } },
          actor,
        )
        await menus.set(
          { tenantId, location: 'header' },
          { name: `Matrix ${side}`, items: [{ labels: { en: 'Home' }, nodeId: page.id }] },
          actor,
        )
        const preview = await pages.previewToken({ tenantId, pageId: page.id })
        return {
          pages: { id: page.id, slug: page.translations[0]?.slug ?? '' },
          'page-preview': { token: preview.token },
          blocks: { blockId: withBlock.blocks[0]?.id ?? '' },
          menus: { location: 'header' },
        }
      },
      seedDemo: (tenantId) => seedDemoPages({ pages, menus }, tenantId),
    }
  },
})
