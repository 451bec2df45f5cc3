import {
  defineRoute,
  encodeCursor,
  pageSchema,
  PUBLIC,
  requestEventContext,
  requires,
  type PermissionAccess,
  type Route,
  type RouteContext,
} from '@rustok/http'
import type {
  ForumActor,
  ForumService,
  ReplyTransition,
  TopicFlag,
  TopicTransition,
} from '../forum/index'
import { withInputPaths } from './content-request'
import {
  CreateForumCategoryBody,
  CreateReplyBody,
  ForumCategoryIdParams,
  ForumCategoryListSchema,
  ForumCategorySchema,
  ForumLocaleQuery,
  ForumReplySchema,
  ForumTopicSchema,
  MoveTopicBody,
  OpenTopicBody,
  ReplyIdParams,
  ReplyListQuery,
  ReplyQueueQuery,
  TopicIdParams,
  TopicListQuery,
  UpdateForumCategoryBody,
} from './forum-schemas'

const TAGS = ['forum']
const CATEGORY = { description: 'The category', schema: ForumCategorySchema }
const TOPIC = { description: 'The topic', schema: ForumTopicSchema }
const REPLY = { description: 'The reply', schema: ForumReplySchema }

/** The forum's permissions: categories are managed like content's, members post, moderators rule. */
export const FORUM_PERMISSIONS = {
  manageCategories: 'categories:update',
  createCategories: 'categories:create',
  post: 'comments:create',
  moderate: 'comments:manage',
} as const

function forumActor(c: RouteContext<PermissionAccess>): ForumActor {
  const context = requestEventContext(c)
  return { userId: c.var.userId, correlationId: context.correlationId, traceId: context.traceId }
}

/** A topic cursor's value: the pinned flag and the exact last activity, as one string. */
function topicAfter(cursor: { value: unknown; id: string } | undefined) {
  if (!cursor) return {}
  const [pinned = '', value = ''] = String(cursor.value).split('|')
  return { after: { pinned: pinned === '1', value, id: cursor.id } }
}

/** What a website reads without a token: categories, their topics, approved replies. */
export function forumPublicRoutes(forum: ForumService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/public/forum/categories',
      operationId: 'listForumCategories',
      summary: "The forum's categories by position, with counters and last activity",
      description:
        "Texts in `locale` through the tenant's fallback chain; `text.locale` says which.",
      tags: TAGS,
      access: PUBLIC,
      request: { query: ForumLocaleQuery },
      responses: { 200: { description: 'The categories', schema: ForumCategoryListSchema } },
      handler: async (c, { query }) => {
        const locale = query.locale ?? c.var.tenant.defaultLocale
        const items = await withInputPaths('query', () =>
          forum.listCategories(c.var.tenantId, locale),
        )
        return c.json({ items })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/forum/categories/:forumCategoryId',
      operationId: 'getForumCategory',
      summary: 'One category with its counters',
      tags: TAGS,
      access: PUBLIC,
      request: { params: ForumCategoryIdParams, query: ForumLocaleQuery },
      responses: { 200: CATEGORY },
      handler: async (c, { params, query }) => {
        const locale = query.locale ?? c.var.tenant.defaultLocale
        const ref = { tenantId: c.var.tenantId, id: params.forumCategoryId }
        return c.json(await withInputPaths('query', () => forum.getCategory(ref, locale)))
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/forum/categories/:forumCategoryId/topics',
      operationId: 'listForumTopics',
      summary: "A category's topics: pinned first, then the most recently active",
      tags: TAGS,
      access: PUBLIC,
      request: { params: ForumCategoryIdParams, query: TopicListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(ForumTopicSchema) } },
      handler: async (c, { params, query }) => {
        const page = await withInputPaths('query', () =>
          forum.listTopics(
            { tenantId: c.var.tenantId, id: params.forumCategoryId },
            { limit: query.limit, ...topicAfter(query.cursor) },
          ),
        )
        const next = page.next && {
          value: `${page.next.pinned ? 1 : 0}|${page.next.value}`,
          id: page.next.id,
        }
        return c.json({ items: page.items, nextCursor: next && encodeCursor(next) })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/forum/topics/:topicId',
      operationId: 'getForumTopic',
      summary: 'One topic with its counters',
      tags: TAGS,
      access: PUBLIC,
      request: { params: TopicIdParams },
      responses: { 200: TOPIC },
      handler: async (c, { params }) =>
        c.json(await forum.getTopic({ tenantId: c.var.tenantId, id: params.topicId })),
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/forum/topics/:topicId/replies',
      operationId: 'listForumReplies',
      summary: "A topic's approved replies in thread order",
      description: 'Each reply right after the one it answers, siblings oldest first.',
      tags: TAGS,
      access: PUBLIC,
      request: { params: TopicIdParams, query: ReplyListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(ForumReplySchema) } },
      handler: async (c, { params, query }) => {
        const page = await withInputPaths('query', () =>
          forum.listReplies(
            { tenantId: c.var.tenantId, id: params.topicId },
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
    }),
  ]
}

/** Signed-in members (`comments:create`): open a topic, reply. */
export function forumMemberRoutes(forum: ForumService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/forum/topics',
      operationId: 'openForumTopic',
      summary: 'Open a topic in a category',
      tags: TAGS,
      access: requires(FORUM_PERMISSIONS.post),
      request: { body: OpenTopicBody },
      responses: { 201: { description: 'The new topic', schema: ForumTopicSchema } },
      handler: async (c, { body }) => {
        const topic = await withInputPaths('body', () =>
          forum.openTopic(c.var.tenantId, body, forumActor(c)),
        )
        return c.json(topic, 201)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/forum/topics/:topicId/replies',
      operationId: 'replyToForumTopic',
      summary: 'Reply to a topic, or to an approved reply of it',
      description:
        'Pending in a moderated category, else approved at once. Replies nest at most 4 deep. ' +
        'A locked topic answers 409 `TOPIC_LOCKED`, a closed one `TOPIC_CLOSED`, an archived one ' +
        '`TOPIC_ARCHIVED`.',
      tags: TAGS,
      access: requires(FORUM_PERMISSIONS.post),
      request: { params: TopicIdParams, body: CreateReplyBody },
      responses: { 201: { description: 'The reply', schema: ForumReplySchema } },
      handler: async (c, { params, body }) => {
        const reply = await withInputPaths('body', () =>
          forum.reply({ tenantId: c.var.tenantId, id: params.topicId }, body, forumActor(c)),
        )
        return c.json(reply, 201)
      },
    }),
  ]
}

/** Category management (`categories:create`, `categories:update`). */
export function forumCategoryRoutes(forum: ForumService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/forum/categories',
      operationId: 'createForumCategory',
      summary: 'Create a forum category with its translations',
      tags: TAGS,
      access: requires(FORUM_PERMISSIONS.createCategories),
      request: { body: CreateForumCategoryBody },
      responses: { 201: { description: 'The new category', schema: ForumCategorySchema } },
      handler: async (c, { body }) => {
        const category = await withInputPaths('body', () =>
          forum.createCategory(c.var.tenantId, body, forumActor(c)),
        )
        return c.json(category, 201)
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/forum/categories/:forumCategoryId',
      operationId: 'updateForumCategory',
      summary: "Change a category's position, moderation flag or texts (merged by locale)",
      tags: TAGS,
      access: requires(FORUM_PERMISSIONS.manageCategories),
      request: { params: ForumCategoryIdParams, body: UpdateForumCategoryBody },
      responses: { 200: CATEGORY },
      handler: async (c, { params, body }) => {
        const category = await withInputPaths('body', () =>
          forum.updateCategory({ tenantId: c.var.tenantId, id: params.forumCategoryId }, body, {
            actor: forumActor(c),
            locale: body.translations?.[0]?.locale ?? c.var.tenant.defaultLocale,
          }),
        )
        return c.json(category)
      },
    }),
  ]
}

const TOPIC_ACTIONS: readonly {
  name: TopicFlag | TopicTransition
  summary: string
}[] = [
  { name: 'pin', summary: 'Pin a topic: it lists first in its category' },
  { name: 'unpin', summary: 'Unpin a topic' },
  { name: 'lock', summary: 'Lock a topic: replies answer 409 TOPIC_LOCKED' },
  { name: 'unlock', summary: 'Unlock a topic' },
  { name: 'close', summary: 'Close an open topic: replies answer 409 TOPIC_CLOSED' },
  { name: 'reopen', summary: 'Reopen a closed topic' },
  { name: 'archive', summary: 'Archive an open or closed topic' },
  { name: 'unarchive', summary: 'Bring an archived topic back, closed' },
]
const FLAGS = new Set<string>(['pin', 'unpin', 'lock', 'unlock'])
const DECISIONS: readonly { name: ReplyTransition; summary: string }[] = [
  { name: 'approve', summary: 'Approve a reply: it shows and counts on its topic' },
  { name: 'reject', summary: 'Reject a reply' },
  { name: 'hide', summary: 'Hide a reply: it leaves its topic and its counts' },
]

/** Moderators (`comments:manage`): topic switches and moves, the reply queue and decisions. */
export function forumModerationRoutes(forum: ForumService): Route[] {
  const topicActions = TOPIC_ACTIONS.map(({ name, summary }) =>
    defineRoute({
      method: 'post',
      path: `/api/forum/topics/:topicId/${name}`,
      operationId: `${name}ForumTopic`,
      summary,
      description:
        'Status: open → closed | archived; closed → open | archived; archived → closed. Pin and ' +
        'lock switch a flag. A move the topic does not allow, or one another moderator made ' +
        'first, answers 409 `INVALID_TRANSITION`.',
      tags: TAGS,
      access: requires(FORUM_PERMISSIONS.moderate),
      request: { params: TopicIdParams },
      responses: { 200: TOPIC },
      handler: async (c, { params }) => {
        const ref = { tenantId: c.var.tenantId, id: params.topicId }
        const topic = FLAGS.has(name)
          ? await forum.flagTopic(ref, name as TopicFlag, forumActor(c))
          : await forum.transitionTopic(ref, name as TopicTransition, forumActor(c))
        return c.json(topic)
      },
    }),
  )
  const move = defineRoute({
    method: 'post',
    path: '/api/forum/topics/:topicId/move',
    operationId: 'moveForumTopic',
    summary: 'Move a topic to another category; both categories’ counters follow',
    tags: TAGS,
    access: requires(FORUM_PERMISSIONS.moderate),
    request: { params: TopicIdParams, body: MoveTopicBody },
    responses: { 200: TOPIC },
    handler: async (c, { params, body }) => {
      const topic = await withInputPaths('body', () =>
        forum.moveTopic(
          { tenantId: c.var.tenantId, id: params.topicId },
          body.categoryId,
          forumActor(c),
        ),
      )
      return c.json(topic)
    },
  })
  const queue = defineRoute({
    method: 'get',
    path: '/api/forum/replies',
    operationId: 'listForumModerationQueue',
    summary: 'The moderation queue: replies of a status, oldest first',
    tags: TAGS,
    access: requires(FORUM_PERMISSIONS.moderate),
    request: { query: ReplyQueueQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(ForumReplySchema) } },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        forum.replyQueue(c.var.tenantId, {
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor
            ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
            : {}),
        }),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })
  const read = defineRoute({
    method: 'get',
    path: '/api/forum/replies/:replyId',
    operationId: 'getForumReply',
    summary: 'One reply, any status',
    tags: TAGS,
    access: requires(FORUM_PERMISSIONS.moderate),
    request: { params: ReplyIdParams },
    responses: { 200: REPLY },
    handler: async (c, { params }) =>
      c.json(await forum.getReply({ tenantId: c.var.tenantId, id: params.replyId })),
  })
  const decisions = DECISIONS.map(({ name, summary }) =>
    defineRoute({
      method: 'post',
      path: `/api/forum/replies/:replyId/${name}`,
      operationId: `${name}ForumReply`,
      summary,
      description:
        'pending → approved | rejected | hidden; approved → rejected | hidden; rejected and ' +
        'hidden → approved. Anything else, or a decision another moderator made first, answers ' +
        '409 `INVALID_TRANSITION`.',
      tags: TAGS,
      access: requires(FORUM_PERMISSIONS.moderate),
      request: { params: ReplyIdParams },
      responses: { 200: REPLY },
      handler: async (c, { params }) =>
        c.json(
          await forum.moderateReply(
            { tenantId: c.var.tenantId, id: params.replyId },
            name,
            forumActor(c),
          ),
        ),
    }),
  )
  return [...topicActions, move, queue, read, ...decisions]
}
