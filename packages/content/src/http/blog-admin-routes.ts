import { defineRoute, encodeCursor, pageSchema, requires, type Route } from '@rustok/http'
import type { CommentService, CommentTransition, PostService } from '../blog/index'
import { blogActor } from './blog-request'
import {
  AdminPostSchema,
  CommentIdParams,
  CommentSchema,
  CreateCommentBody,
  CreatePostBody,
  ModerationQueueQuery,
  PatchPostBody,
  PostIdParams,
} from './blog-schemas'
import { withInputPaths } from './content-request'

const TAGS = ['blog']
const POST = { description: 'The post, with every translation and body', schema: AdminPostSchema }

/** Editors' post routes (`posts:*`): a post is a content node of kind `post`. */
export function blogPostRoutes(posts: PostService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/blog/posts',
      operationId: 'createBlogPost',
      summary: 'Write a post (a draft unless `status: "published"`; `publishAt` schedules it)',
      description:
        'The fields of a content node (translations with excerpts, bodies, category, author, ' +
        "publish and unpublish times) and the blog's: `featuredImageId` (a media item of this " +
        'tenant) and `commentsEnabled`. Tags: `PUT /api/content/nodes/:id/tags/:tagId`.',
      tags: TAGS,
      access: requires('posts:create'),
      request: { body: CreatePostBody },
      responses: { 201: { description: 'The new post', schema: AdminPostSchema } },
      handler: async (c, { body }) => {
        const post = await withInputPaths('body', () =>
          posts.create(c.var.tenantId, body, blogActor(c, { resource: 'posts', action: 'create' })),
        )
        return c.json(post, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/blog/posts/:id',
      operationId: 'getBlogPost',
      summary: 'A post with every translation and body, any status',
      tags: TAGS,
      access: requires('posts:read'),
      request: { params: PostIdParams },
      responses: { 200: POST },
      handler: async (c, { params }) =>
        c.json(await posts.get({ tenantId: c.var.tenantId, id: params.id })),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/blog/posts/:id',
      operationId: 'patchBlogPost',
      summary: 'Change a post; translations and bodies merge by locale',
      description:
        'As `PATCH /api/content/nodes/:id`, with `featuredImageId` and `commentsEnabled`. Publish, ' +
        'unpublish, revisions and the bin are the content node routes.',
      tags: TAGS,
      access: requires('posts:update'),
      request: { params: PostIdParams, body: PatchPostBody },
      responses: { 200: POST },
      handler: async (c, { params, body }) => {
        const post = await withInputPaths('body', () =>
          posts.patch(
            { tenantId: c.var.tenantId, id: params.id },
            body,
            blogActor(c, { resource: 'posts', action: 'update' }),
          ),
        )
        return c.json(post)
      },
    }),
  ]
}

/** A signed-in reader's comment route (`comments:create`). */
export function commentWriteRoutes(comments: CommentService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/blog/posts/:id/comments',
      operationId: 'createBlogComment',
      summary: 'Comment on a published post, or reply to an approved comment',
      description:
        'Signed-in users only (guests may not comment). The comment is `pending` until a ' +
        "moderator approves it, unless the tenant's `commentsRequireApproval` setting is false. " +
        'Replies nest at most 4 deep; a post with comments off answers 409.',
      tags: TAGS,
      access: requires('comments:create'),
      request: { params: PostIdParams, body: CreateCommentBody },
      responses: { 201: { description: 'The comment', schema: CommentSchema } },
      handler: async (c, { params, body }) => {
        const actor = blogActor(c, { resource: 'comments', action: 'create' })
        const comment = await withInputPaths('body', () =>
          comments.create({ tenantId: c.var.tenantId, id: params.id }, body, {
            userId: c.var.userId,
            correlationId: actor.correlationId ?? null,
            traceId: actor.traceId ?? null,
          }),
        )
        return c.json(comment, 201)
      },
    }),
  ]
}

const DECISIONS: readonly { name: CommentTransition; summary: string }[] = [
  { name: 'approve', summary: 'Approve a comment: it shows and counts on its post' },
  { name: 'reject', summary: 'Reject a comment' },
  { name: 'spam', summary: 'Mark a comment as spam' },
]

/** The moderators' routes (`comments:manage`). */
export function moderationRoutes(comments: CommentService): Route[] {
  const queue = defineRoute({
    method: 'get',
    path: '/api/blog/comments',
    operationId: 'listBlogModerationQueue',
    summary: 'The moderation queue: comments of a status, oldest first',
    description: "Default `status=pending`; `postId` keeps one post's comments.",
    tags: TAGS,
    access: requires('comments:manage'),
    request: { query: ModerationQueueQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(CommentSchema) } },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        comments.queue(c.var.tenantId, {
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
          ...(query.postId ? { postId: query.postId } : {}),
          ...(query.cursor
            ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
            : {}),
        }),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })

  const decisions = DECISIONS.map(({ name, summary }) =>
    defineRoute({
      method: 'post',
      path: `/api/blog/comments/:commentId/${name}`,
      operationId: `${name}BlogComment`,
      summary,
      description:
        'pending → approved | rejected | spam; approved → rejected | spam; rejected → approved | ' +
        'spam; spam → approved. Anything else, or a decision another moderator made first, ' +
        'answers 409 `INVALID_TRANSITION`.',
      tags: TAGS,
      access: requires('comments:manage'),
      request: { params: CommentIdParams },
      responses: { 200: { description: 'The comment', schema: CommentSchema } },
      handler: async (c, { params }) =>
        c.json(
          await comments.moderate(
            { tenantId: c.var.tenantId, id: params.commentId },
            name,
            blogActor(c, { resource: 'comments', action: 'manage' }),
          ),
        ),
    }),
  )

  const remove = defineRoute({
    method: 'delete',
    path: '/api/blog/comments/:commentId',
    operationId: 'deleteBlogComment',
    summary: 'Delete a comment and every reply under it',
    tags: TAGS,
    access: requires('comments:manage'),
    request: { params: CommentIdParams },
    responses: { 204: { description: 'Deleted' } },
    handler: async (c, { params }) => {
      await comments.delete(
        { tenantId: c.var.tenantId, id: params.commentId },
        blogActor(c, { resource: 'comments', action: 'manage' }),
      )
      return c.body(null, 204)
    },
  })

  return [queue, ...decisions, remove]
}
