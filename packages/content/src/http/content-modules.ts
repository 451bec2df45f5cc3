import { translationCandidates } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { defineServerModule, type ServerModule } from '@rustok/http'
import * as v from 'valibot'
import {
  contentEvents,
  contentMigrations,
  createNodeService,
  type LocaleChain,
  type NodeService,
} from '../index'
import { CONTENT_ERRORS } from './content-errors'
import { seedDemoContent } from './content-seed'
import { nodeAdminRoutes } from './node-admin-routes'
import { nodePublicRoutes } from './node-public-routes'

/** Settings of the content module. */
export const ContentConfigSchema = v.object({
  /** Revisions kept per node. */
  revisionsKept: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 50),
  /** Pause between runs of the publish/unpublish scheduler, in worker processes. */
  scheduleIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100)), 5000),
})
export type ContentConfig = v.InferOutput<typeof ContentConfigSchema>

/** What the content module gives other modules. */
export interface ContentServices {
  readonly nodes: NodeService
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
  permissions: ['nodes:create', 'nodes:read', 'nodes:update', 'nodes:delete', 'nodes:list'],
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
    return {
      services: { nodes },
      routes: [...nodeAdminRoutes(nodes), ...nodePublicRoutes(nodes)],
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
        return {
          nodes: { id: node.id },
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

/** Posts over content nodes. */
export const blogModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'blog',
  description: 'Posts over content nodes.',
  toggleable: true,
  dependsOn: ['content'],
})

/** Categories, topics, replies and moderation over content nodes. */
export const forumModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'forum',
  description: 'Categories, topics, replies and moderation over content nodes.',
  toggleable: true,
  dependsOn: ['content'],
})

/** Pages, blocks and menus. */
export const pagesModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'pages',
  description: 'Pages, blocks and menus.',
  toggleable: true,
  dependsOn: ['content'],
})
