import { listQuery } from '@rustok/http'
import * as v from 'valibot'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const NullableString = v.nullable(v.string())
const Locale = v.pipe(v.string(), v.maxLength(10))

const LocaleQuery = v.optional(
  v.pipe(Locale, v.description("The reader's locale; default: the tenant's default locale.")),
)

const Translation = v.object({
  locale: Locale,
  name: v.pipe(v.string(), v.maxLength(200)),
  slug: v.optional(
    v.pipe(v.string(), v.maxLength(200), v.description('Default: the slugified name.')),
  ),
  description: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(2000)))),
})
const Position = v.pipe(v.number(), v.integer(), v.description('Lower first; default 0.'))
const Moderated = v.pipe(
  v.boolean(),
  v.description('Replies in its topics wait for a moderator (`pending`).'),
)

/** Body of `POST /api/forum/categories`. */
export const CreateForumCategoryBody = v.object({
  translations: v.pipe(v.array(Translation), v.minLength(1), v.maxLength(50)),
  position: v.optional(Position),
  moderated: v.optional(Moderated),
})

/** Body of `PATCH /api/forum/categories/:forumCategoryId`: given locales replace theirs. */
export const UpdateForumCategoryBody = v.object({
  translations: v.optional(v.pipe(v.array(Translation), v.minLength(1), v.maxLength(50))),
  position: v.optional(Position),
  moderated: v.optional(Moderated),
})

/** A forum category in the reader's locale. */
export const ForumCategorySchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  position: v.number(),
  moderated: v.boolean(),
  topicCount: v.number(),
  replyCount: v.pipe(v.number(), v.description('Approved replies in its topics.')),
  lastActivityAt: NullableString,
  lastPosterId: NullableString,
  text: v.nullable(
    v.object({
      locale: v.pipe(v.string(), v.description('The locale the text came from.')),
      name: v.string(),
      slug: v.string(),
      description: NullableString,
    }),
  ),
  createdAt: v.string(),
})

/** A list of categories (a tenant has tens: no paging). */
export const ForumCategoryListSchema = v.object({ items: v.array(ForumCategorySchema) })

/** Body of `POST /api/forum/topics`. */
export const OpenTopicBody = v.object({
  categoryId: Uuid,
  locale: Locale,
  title: v.pipe(v.string(), v.maxLength(300)),
  body: v.pipe(v.string(), v.maxLength(20_000), v.description('Plain text.')),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(50))), v.maxLength(10))),
})

/** A topic. */
export const ForumTopicSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  categoryId: v.string(),
  authorId: v.string(),
  locale: v.string(),
  title: v.string(),
  body: v.pipe(v.string(), v.description('Plain text: render it escaped, never as HTML.')),
  tags: v.array(v.string()),
  status: v.picklist(['open', 'closed', 'archived']),
  pinned: v.boolean(),
  locked: v.boolean(),
  replyCount: v.pipe(v.number(), v.description('Approved replies.')),
  pendingCount: v.pipe(v.number(), v.description('Replies waiting for a moderator.')),
  lastActivityAt: v.string(),
  lastPosterId: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
})

/** Body of `POST /api/forum/topics/:topicId/replies`. */
export const CreateReplyBody = v.object({
  body: v.pipe(v.string(), v.maxLength(20_000), v.description('Plain text, 1–20000 characters.')),
  parentId: v.optional(
    v.pipe(v.nullable(Uuid), v.description('An approved reply of the same topic to answer.')),
  ),
})

/** Body of `POST /api/forum/topics/:topicId/move`. */
export const MoveTopicBody = v.object({
  categoryId: v.pipe(Uuid, v.description('Another category of the tenant.')),
})

const ReplyStatus = v.picklist(['pending', 'approved', 'rejected', 'hidden'])

/** A reply. */
export const ForumReplySchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  topicId: v.string(),
  parentId: NullableString,
  depth: v.number(),
  authorId: v.string(),
  body: v.pipe(v.string(), v.description('Plain text: render it escaped, never as HTML.')),
  status: ReplyStatus,
  createdAt: v.string(),
  updatedAt: v.string(),
  moderatedAt: NullableString,
  moderatedBy: NullableString,
})

/** Query of the category reads. */
export const ForumLocaleQuery = v.object({ locale: LocaleQuery })

/** Query of a category's topics. */
export const TopicListQuery = listQuery({
  sort: ['lastActivityAt'],
  defaultSort: '-lastActivityAt',
})

/** Query of a topic's replies. */
export const ReplyListQuery = listQuery({ sort: ['thread'], defaultSort: 'thread' })

/** Query of the moderation queue. */
export const ReplyQueueQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: 'createdAt',
  filters: {
    status: v.optional(
      v.pipe(ReplyStatus, v.description('Default `pending`: the replies waiting for a moderator.')),
    ),
  },
})

export const ForumCategoryIdParams = v.object({ forumCategoryId: Uuid })
export const TopicIdParams = v.object({ topicId: Uuid })
export const ReplyIdParams = v.object({ replyId: Uuid })
