import { translationCandidates } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { defineServerModule, type ServerModule } from '@rustok/http'
import { createForumService, forumEvents, type ForumService } from '../forum/index'
import type { LocaleChain } from '../index'
import {
  FORUM_PERMISSIONS,
  forumCategoryRoutes,
  forumMemberRoutes,
  forumModerationRoutes,
  forumPublicRoutes,
} from './forum-routes'
import { seedDemoForum } from './forum-seed'

/** What the forum module gives other modules. */
export interface ForumServices {
  readonly forum: ForumService
}

/**
 * The forum: translated categories, topics, threaded replies with moderation and exact counters.
 * Public reads under `/api/public/forum/…`; members (`comments:create`) open topics and reply;
 * moderators (`comments:manage`) pin, lock, close, move, approve, reject and hide.
 */
export const forumModule: ServerModule<undefined, ForumServices> = defineServerModule<
  undefined,
  ForumServices
>({
  name: 'forum',
  description: 'Categories, topics, threaded replies and moderation with exact counters.',
  toggleable: true,
  dependsOn: ['tenancy', 'content'],
  events: forumEvents,
  permissions: Object.values(FORUM_PERMISSIONS),
  setup: (core) => {
    const { tenantCache, localeCache } = core.use(tenancyModule)
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
    const forum = createForumService({
      db: core.db,
      events: core.outbox,
      now: core.now,
      newId: core.newId,
      locales,
    })
    return {
      services: { forum },
      routes: [
        ...forumPublicRoutes(forum),
        ...forumMemberRoutes(forum),
        ...forumCategoryRoutes(forum),
        ...forumModerationRoutes(forum),
      ],
      matrixFixtures: async ({ side, tenantId, adminId }) => {
        const actor = { userId: adminId }
        const category = await forum.createCategory(
          tenantId,
          { translations: [{ locale: 'en', name: `Matrix forum ${side}` }] },
          actor,
        )
        const topic = await forum.openTopic(
          tenantId,
          { categoryId: category.id, locale: 'en', title: 'Matrix topic', body: 'Hello' },
          actor,
        )
        const reply = await forum.reply({ tenantId, id: topic.id }, { body: 'Hi' }, actor)
        // A pending reply, so the moderation queue has a row to leak.
        const moderated = await forum.createCategory(
          tenantId,
          { translations: [{ locale: 'en', name: `Matrix queue ${side}` }], moderated: true },
          actor,
        )
        const waiting = await forum.openTopic(
          tenantId,
          { categoryId: moderated.id, locale: 'en', title: 'Matrix queue', body: 'Hello' },
          actor,
        )
        await forum.reply({ tenantId, id: waiting.id }, { body: 'Waiting' }, actor)
        // Every forum path has the `forum` segment, and these names are the forum's own.
        return { forum: { forumCategoryId: category.id, topicId: topic.id, replyId: reply.id } }
      },
      seedDemo: (tenantId) => seedDemoForum(forum, tenantId),
    }
  },
})
