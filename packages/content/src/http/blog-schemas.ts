import { listQuery, UuidParam } from '@rustok/http'
import * as v from 'valibot'
import {
  CreateNodeBody,
  LocalizedNodeSchema,
  NodeListItemSchema,
  NodeSchema,
  PatchNodeBody,
} from './content-schemas'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const NullableString = v.nullable(v.string())

const BlogFieldEntries = {
  featuredImageId: v.optional(
    v.pipe(v.nullable(Uuid), v.description('A media item of this tenant, or null.')),
  ),
  commentsEnabled: v.optional(
    v.pipe(v.boolean(), v.description('Whether readers may comment; default true.')),
  ),
}

const {
  kind: _kind,
  parentId: _parent,
  position: _position,
  ...createEntries
} = CreateNodeBody.entries

/** Body of `POST /api/blog/posts`: a node of kind `post` with the blog's fields. */
export const CreatePostBody = v.object({ ...createEntries, ...BlogFieldEntries })

/** Body of `PATCH /api/blog/posts/:id`: a node patch with the blog's fields. */
export const PatchPostBody = v.object({ ...PatchNodeBody.entries, ...BlogFieldEntries })

/** A post as editors see it. */
export const AdminPostSchema = v.object({
  ...NodeSchema.entries,
  blog: v.object({ featuredImageId: NullableString, commentsEnabled: v.boolean() }),
})

const ExtraEntries = {
  featuredImage: v.nullable(
    v.object({
      id: v.string(),
      mimeType: v.string(),
      width: v.nullable(v.number()),
      height: v.nullable(v.number()),
      url: v.pipe(v.string(), v.description('Where the file is served (public media route).')),
    }),
  ),
  readingMinutes: v.pipe(
    v.nullable(v.number()),
    v.description('Minutes to read the body shown (200 words a minute); null without a body.'),
  ),
  commentCount: v.pipe(v.number(), v.description('Approved comments.')),
  commentsEnabled: v.boolean(),
}

/** A published post in the reader's locale. */
export const PublicPostSchema = v.object({ ...LocalizedNodeSchema.entries, ...ExtraEntries })

/** A post in a list. */
export const PostListItemSchema = v.object({ ...NodeListItemSchema.entries, ...ExtraEntries })

const Status = v.picklist(['pending', 'approved', 'rejected', 'spam'])

/** A comment. */
export const CommentSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  postId: v.string(),
  parentId: NullableString,
  depth: v.number(),
  authorId: v.string(),
  body: v.pipe(v.string(), v.description('Plain text: render it escaped, never as HTML.')),
  status: Status,
  createdAt: v.string(),
  updatedAt: v.string(),
  moderatedAt: NullableString,
  moderatedBy: NullableString,
})

/** Body of `POST /api/blog/posts/:id/comments`. */
export const CreateCommentBody = v.object({
  body: v.pipe(v.string(), v.maxLength(5000), v.description('Plain text, 1–5000 characters.')),
  parentId: v.optional(
    v.pipe(v.nullable(Uuid), v.description('An approved comment of the same post to reply to.')),
  ),
})

const LocaleParam = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(10),
    v.description("The reader's locale; default: the tenant's default locale."),
  ),
)

/** Query of the public post list. */
export const PostListQuery = listQuery({
  sort: ['publishedAt'],
  defaultSort: '-publishedAt',
  filters: { locale: LocaleParam, categoryId: UuidParam, tagId: UuidParam, authorId: UuidParam },
})

/** Query of a post's approved comments. */
export const CommentListQuery = listQuery({ sort: ['createdAt'], defaultSort: 'createdAt' })

/** Query of the moderation queue. */
export const ModerationQueueQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: 'createdAt',
  filters: {
    status: v.optional(
      v.pipe(Status, v.description('Default `pending`: the comments waiting for a moderator.')),
    ),
    postId: UuidParam,
  },
})

export const PostIdParams = v.object({ id: Uuid })
export const CommentIdParams = v.object({ commentId: Uuid })
export const PostSlugParams = v.object({
  locale: v.pipe(v.string(), v.maxLength(10)),
  slug: v.pipe(v.string(), v.maxLength(200)),
})
export const FeedParams = v.object({ locale: v.pipe(v.string(), v.maxLength(10)) })
export const PostReadQuery = v.object({
  format: v.optional(
    v.pipe(
      v.picklist(['stored', 'html']),
      v.description('`html`: add the body as sanitised HTML (markdown rendered).'),
    ),
  ),
})
