import { translationCandidates } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { defineServerModule, type ServerModule } from '@rustok/http'
import * as v from 'valibot'
import {
  contentEvents,
  contentMigrations,
  createCategoryService,
  createNodeService,
  createSeoService,
  createTagService,
  type CategoryService,
  type LocaleChain,
  type NodeService,
  type SeoService,
  type TagService,
} from '../index'
import { CONTENT_ERRORS } from './content-errors'
import { MediaConfigEntries, setupMedia } from './media-module'
import { seedDemoContent } from './content-seed'
import { nodeAdminRoutes } from './node-admin-routes'
import { nodePublicRoutes } from './node-public-routes'
import { seoRoutes } from './seo-routes'
import { categoryAdminRoutes, tagAdminRoutes, taxonomyPublicRoutes } from './taxonomy-routes'

/** Settings of the content module. */
export const ContentConfigSchema = v.object({
  /** Revisions kept per node. */
  revisionsKept: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 50),
  /** Pause between runs of the publish/unpublish scheduler, in worker processes. */
  scheduleIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100)), 5000),
  ...MediaConfigEntries,
})
export type ContentConfig = v.InferOutput<typeof ContentConfigSchema>

/** What the content module gives other modules. */
export interface ContentServices {
  readonly nodes: NodeService
  readonly media: ReturnType<typeof setupMedia>['media']
  readonly categories: CategoryService
  readonly tags: TagService
  readonly seo: SeoService
}

/**
 * The content module: nodes with translations, bodies, revisions and scheduling; admin routes
 * under `/api/content/…` and public read routes under `/api/public/content/…`. Tenants enable it.
 */
export const contentModule: ServerModule<ContentConfig, ContentServices> = defineServerModule<
  ContentConfig,
  ContentServices
>({
  name: 'content',
  description: 'Nodes with translations and bodies, categories, tags, media metadata.',
  toggleable: true,
  dependsOn: ['tenancy'],
  migrations: [contentMigrations],
  events: contentEvents,
  permissions: [
    'nodes:create',
    'nodes:read',
    'nodes:update',
    'nodes:delete',
    'nodes:list',
    'media:create',
    'media:read',
    'media:update',
    'media:delete',
    'media:list',
    'categories:create',
    'categories:read',
    'categories:update',
    'categories:delete',
    'categories:list',
  ],
  errors: { codes: CONTENT_ERRORS, errorNames: ['ContentError'] },
  config: ContentConfigSchema,
  setup: (core) => {
    const { tenantCache, localeCache, tenantLocales } = core.use(tenancyModule)
    // Both lookups are cached (and invalidated on change) by the tenancy module.
    const locales: LocaleChain = async (tenantId, requested) => {
      const [tenant, enabled] = await Promise.all([
        tenantCache.find({ kind: 'uuid', value: tenantId }),
        localeCache.get(tenantId),
      ])
      return translationCandidates(requested, {
        fallbacks: new Map(enabled.map((locale) => [locale.code, locale.fallback])),
        defaultLocale: tenant?.defaultLocale ?? 'en',
      })
    }
    const nodes = createNodeService({
      db: core.db,
      events: core.outbox,
      now: core.now,
      newId: core.newId,
      locales,
      revisionsKept: core.config.revisionsKept,
    })
    const termDeps = { db: core.db, events: core.outbox, now: core.now, newId: core.newId, locales }
    const categories = createCategoryService(termDeps)
    const tags = createTagService(termDeps)
    const seo = createSeoService(termDeps)
    const media = setupMedia(core, {
      locales,
      settings: async (tenantId) =>
        (await tenantCache.find({ kind: 'uuid', value: tenantId }))?.settings,
    })
    return {
      services: { media: media.media, nodes, categories, tags, seo },
      routes: [
        ...nodeAdminRoutes(nodes),
        ...nodePublicRoutes(nodes),
        ...media.routes,
        ...categoryAdminRoutes(categories),
        ...tagAdminRoutes(tags),
        ...seoRoutes(seo),
        ...taxonomyPublicRoutes(categories, tags),
      ],
      jobs: [
        {
          name: 'content-schedule',
          intervalMs: core.config.scheduleIntervalMs,
          run: async () => {
            await nodes.runSchedule()
          },
        },
      ],
      matrixFixtures: async ({ side, tenantId, adminId }) => {
        const node = await nodes.create(
          tenantId,
          {
            kind: 'page',
            status: 'published',
            translations: [{ locale: 'en', title: `Matrix ${side}` }],
          },
          { userId: adminId, scope: 'all' },
        )
        const slug = node.translations[0]?.slug ?? ''
        const actor = { userId: adminId, scope: 'all' } as const
        const name = `Matrix ${side}`
        const category = await categories.create(
          tenantId,
          { translations: [{ locale: 'en', name }] },
          actor,
        )
        const tag = await tags.create(tenantId, { translations: [{ locale: 'en', name }] }, actor)
        // SEO meta to delete: the matrix's DELETE of /seo/:locale must find it on its own side.
        await seo.set({ node: { tenantId, id: node.id }, locale: 'en' }, { title: name }, actor)
        return {
          // Tags are named :tagId everywhere, so /nodes/:id/tags/:tagId takes :id from nodes.
          categories: { id: category.id },
          tags: { tagId: tag.id },
          seo: { locale: 'en' },
          nodes: { id: node.id },
          media: await media.fixture(tenantId, adminId),
          revisions: { number: '1' },
          slugs: { kind: 'page', locale: 'en', slug },
        }
      },
      seedDemo: (tenantId) =>
        seedDemoContent(nodes, {
          id: tenantId,
          addLocale: async () => {
            await tenantLocales.addLocale(tenantId, { locale: 'ru', fallback: 'en' })
            localeCache.invalidate(tenantId)
          },
        }),
    }
  },
})
