import { tenancyModule } from '@rustok/core-tenant/http'
import { defineServerModule, type ServerModule } from '@rustok/http'
import {
  blogEvents,
  createCommentService,
  createPostService,
  type CommentService,
  type PostService,
} from '../blog/index'
import { blogPostRoutes, commentWriteRoutes, moderationRoutes } from './blog-admin-routes'
import { blogPublicRoutes } from './blog-public-routes'
import { siteUrls } from './blog-request'
import { seedDemoBlog } from './blog-seed'
import { contentModule } from './content-modules'

/** What the blog module gives other modules. */
export interface BlogServices {
  readonly posts: PostService
  readonly comments: CommentService
}

/**
 * The blog: posts over content nodes, comments with a moderation queue, public post lists by
 * category, tag and author, and RSS and Atom feeds per locale. Tenant settings it reads:
 * `commentsRequireApproval` (default true) and `blogPostUrl` (the feeds' post links).
 */
export const blogModule: ServerModule<undefined, BlogServices> = defineServerModule<
  undefined,
  BlogServices
>({
  name: 'blog',
  description: 'Posts over content nodes, moderated comments, RSS and Atom feeds.',
  toggleable: true,
  dependsOn: ['tenancy', 'content'],
  events: blogEvents,
  permissions: ['posts:create', 'posts:read', 'posts:update', 'comments:create', 'comments:manage'],
  setup: (core) => {
    const { tenantCache } = core.use(tenancyModule)
    const content = core.use(contentModule)
    const tenantOf = (tenantId: string) => tenantCache.find({ kind: 'uuid', value: tenantId })
    const deps = { db: core.db, events: core.outbox, now: core.now, newId: core.newId }
    const posts = createPostService({ ...deps, nodes: content.nodes })
    const comments = createCommentService({
      ...deps,
      // A tenant's own rule (settings.commentsRequireApproval); comments wait by default.
      requiresApproval: async (tenantId) =>
        (await tenantOf(tenantId))?.settings['commentsRequireApproval'] !== false,
    })
    return {
      services: { posts, comments },
      routes: [
        ...blogPostRoutes(posts),
        ...commentWriteRoutes(comments),
        ...moderationRoutes(comments),
        ...blogPublicRoutes(posts, comments, { urls: siteUrls(tenantOf), now: core.now }),
      ],
      matrixFixtures: async ({ side, tenantId, adminId }) => {
        const actor = { userId: adminId, scope: 'all' } as const
        const post = await posts.create(
          tenantId,
          {
            status: 'published',
            translations: [{ locale: 'en', title: `Matrix post ${side}` }],
          },
          actor,
        )
        const comment = await comments.create(
          { tenantId, id: post.id },
          { body: 'Matrix comment' },
          { userId: adminId },
        )
        return {
          posts: { id: post.id },
          'by-slug': { locale: 'en', slug: post.translations[0]?.slug ?? '' },
          comments: { commentId: comment.id },
          feeds: { locale: 'en' },
        }
      },
      seedDemo: (tenantId) =>
        seedDemoBlog(
          { posts, comments, categories: content.categories, tags: content.tags },
          { id: tenantId, now: core.now },
        ),
    }
  },
})
