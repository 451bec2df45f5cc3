import { defineRoute, encodeCursor, pageSchema, PUBLIC, type Route } from '@rustok/http'
import type { RouteContext } from '@rustok/http'
import {
  renderAtom,
  renderRss,
  type CommentService,
  type FeaturedImage,
  type PostService,
} from '../blog/index'
import type { SiteUrls } from './blog-request'
import {
  CommentListQuery,
  CommentSchema,
  FeedParams,
  PostIdParams,
  PostListItemSchema,
  PostListQuery,
  PostReadQuery,
  PostSlugParams,
  PublicPostSchema,
} from './blog-schemas'
import { withInputPaths } from './content-request'

const TAGS = ['blog']
const FEED_SIZE = 20

/** The featured image with the absolute URL of its file. */
function withImageUrl(image: FeaturedImage | null, base: string) {
  return image && { ...image, url: `${base}/api/public/content/media/${image.id}/file` }
}

/** What a website reads without a token: published posts, approved comments, feeds. */
export function blogPublicRoutes(
  posts: PostService,
  comments: CommentService,
  site: { readonly urls: SiteUrls; readonly now: () => Date },
): Route[] {
  const { urls } = site
  const baseOf = (c: RouteContext<typeof PUBLIC>) => urls.base(c.var.tenantId, c.req.url)

  const list = defineRoute({
    method: 'get',
    path: '/api/public/blog/posts',
    operationId: 'listBlogPosts',
    summary: 'Published posts, newest first, by category, tag or author',
    description:
      "Each post's texts in `locale` through the tenant's fallback chain, with its reading " +
      'time, featured image and approved comment count.',
    tags: TAGS,
    access: PUBLIC,
    request: { query: PostListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(PostListItemSchema) } },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        posts.list(c.var.tenantId, {
          locale: query.locale ?? c.var.tenant.defaultLocale,
          limit: query.limit,
          ...(query.cursor
            ? { after: { value: query.cursor.value as string, id: query.cursor.id } }
            : {}),
          ...(query.categoryId ? { categoryId: query.categoryId } : {}),
          ...(query.tagId ? { tagId: query.tagId } : {}),
          ...(query.authorId ? { authorId: query.authorId } : {}),
        }),
      )
      const base = await baseOf(c)
      return c.json({
        items: page.items.map((item) => ({
          ...item,
          featuredImage: withImageUrl(item.featuredImage, base),
        })),
        nextCursor: page.next && encodeCursor(page.next),
      })
    },
  })

  const bySlug = defineRoute({
    method: 'get',
    path: '/api/public/blog/posts/by-slug/:locale/:slug',
    operationId: 'readBlogPostBySlug',
    summary: 'A published post by its slug in a locale',
    description:
      'An old slug answers 301 with `Location` at the current one. Texts the post lacks in the ' +
      "locale come from the tenant's fallback chain; each says which locale it is in.",
    tags: TAGS,
    access: PUBLIC,
    request: { params: PostSlugParams, query: PostReadQuery },
    responses: {
      200: { description: 'The post', schema: PublicPostSchema },
      301: { description: 'The slug is an old one: follow `Location`' },
    },
    handler: async (c, { params, query }) => {
      const { post, redirectTo } = await posts.findBySlug(
        { tenantId: c.var.tenantId, format: query.format ?? 'stored' },
        params,
      )
      if (redirectTo !== null) {
        const search = new URL(c.req.url).search
        return c.redirect(
          `/api/public/blog/posts/by-slug/${params.locale}/${redirectTo}${search}`,
          301,
        )
      }
      return c.json({ ...post, featuredImage: withImageUrl(post.featuredImage, await baseOf(c)) })
    },
  })

  const postComments = defineRoute({
    method: 'get',
    path: '/api/public/blog/posts/:id/comments',
    operationId: 'listBlogPostComments',
    summary: "A published post's approved comments, oldest first",
    description:
      'Replies carry `parentId` and `depth`; build the threads from them. Pending, rejected and ' +
      'spam comments are never shown here.',
    tags: TAGS,
    access: PUBLIC,
    request: { params: PostIdParams, query: CommentListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(CommentSchema) } },
    handler: async (c, { params, query }) => {
      const page = await withInputPaths('query', () =>
        comments.listApproved(
          { tenantId: c.var.tenantId, id: params.id },
          {
            limit: query.limit,
            ...(query.cursor
              ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
              : {}),
          },
        ),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })

  const feed = (format: 'rss' | 'atom') =>
    defineRoute({
      method: 'get',
      path: `/api/public/blog/feeds/:locale/${format}`,
      operationId: format === 'rss' ? 'blogRssFeed' : 'blogAtomFeed',
      summary: format === 'rss' ? 'The RSS 2.0 feed of a locale' : 'The Atom 1.0 feed of a locale',
      description:
        `The ${FEED_SIZE} newest published posts, texts through the tenant's fallback chain. ` +
        "Links are absolute: the tenant's domain (else the host asked), or its `blogPostUrl` " +
        'setting (`https://example.com/{locale}/blog/{slug}`).',
      tags: TAGS,
      access: PUBLIC,
      request: { params: FeedParams },
      responses: {
        200: {
          description: 'The feed',
          contentType: format === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
        },
      },
      handler: async (c, { params }) => {
        const page = await withInputPaths('query', () =>
          posts.list(c.var.tenantId, { locale: params.locale, limit: FEED_SIZE }),
        )
        const { tenantId } = c.var
        const base = await baseOf(c)
        const items = await Promise.all(
          page.items.map(async (post) => ({
            id: post.id,
            title: post.translation?.value.title ?? post.id,
            link: await urls.post(tenantId, {
              requestUrl: c.req.url,
              locale: post.translation?.locale ?? params.locale,
              slug: post.translation?.value.slug ?? post.id,
            }),
            summary: post.translation?.value.excerpt ?? null,
            publishedAt: new Date(post.publishedAt ?? post.createdAt),
            updatedAt: new Date(post.updatedAt),
          })),
        )
        const document = {
          title: c.var.tenant.name,
          link: base,
          selfUrl: `${base}/api/public/blog/feeds/${encodeURIComponent(params.locale)}/${format}`,
          language: params.locale,
          description: `The newest posts of ${c.var.tenant.name}`,
          // The newest change of an entry; an empty feed was last built now.
          updatedAt:
            items.length === 0
              ? site.now()
              : items.reduce(
                  (latest, item) => (item.updatedAt > latest ? item.updatedAt : latest),
                  new Date(0),
                ),
          items,
        }
        return c.body(format === 'rss' ? renderRss(document) : renderAtom(document), 200, {
          'Content-Type': `application/${format}+xml; charset=utf-8`,
        })
      },
    })

  return [list, bySlug, postComments, feed('rss'), feed('atom')]
}
