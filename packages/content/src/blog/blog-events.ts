import { defineEvent, nonNilUuid, type EventDefinition, type EventType } from '@rustok/core-events'
import * as v from 'valibot'
import type { CommentStatus } from './comment-status'

/** Payload of `comment.created`. */
export interface CommentCreatedPayload {
  readonly commentId: string
  /** The post commented on. */
  readonly postId: string
  /** The comment replied to, or `null`. */
  readonly parentId: string | null
  readonly authorId: string
  /** `pending` when the tenant moderates comments first, else `approved`. */
  readonly status: 'pending' | 'approved'
}

/** Payload of a moderation decision (`comment.approved`, `comment.rejected`, `comment.marked_spam`). */
export interface CommentModeratedPayload {
  readonly commentId: string
  readonly postId: string
  /** The status the comment left. */
  readonly from: CommentStatus
}

/** Payload of `comment.deleted`. */
export interface CommentDeletedPayload {
  readonly commentId: string
  readonly postId: string
  /** How many comments went: the comment and its replies. */
  readonly removed: number
}

const Status = v.picklist(['pending', 'approved', 'rejected', 'spam'])
const ModeratedSchema = v.object({ commentId: nonNilUuid(), postId: nonNilUuid(), from: Status })

/** A comment was posted on a blog post. Aggregate: `comment` / `commentId`. */
export const commentCreated: EventDefinition<'comment.created', CommentCreatedPayload> =
  defineEvent({
    type: 'comment.created',
    version: 1,
    description: 'A comment (or a reply) was posted on a blog post, pending or approved.',
    aggregateType: 'comment',
    schema: v.object({
      commentId: nonNilUuid(),
      postId: nonNilUuid(),
      parentId: v.nullable(nonNilUuid()),
      authorId: nonNilUuid(),
      status: v.picklist(['pending', 'approved']),
    }),
    aggregateId: (payload) => payload.commentId,
  })

/** A moderator approved a comment: it shows on the post. Aggregate: `comment` / `commentId`. */
export const commentApproved: EventDefinition<'comment.approved', CommentModeratedPayload> =
  defineEvent({
    type: 'comment.approved',
    version: 1,
    description: 'A moderator approved a comment; it is shown and counted on its post.',
    aggregateType: 'comment',
    schema: ModeratedSchema,
    aggregateId: (payload) => payload.commentId,
  })

/** A moderator rejected a comment. Aggregate: `comment` / `commentId`. */
export const commentRejected: EventDefinition<'comment.rejected', CommentModeratedPayload> =
  defineEvent({
    type: 'comment.rejected',
    version: 1,
    description: 'A moderator rejected a comment; it is not shown.',
    aggregateType: 'comment',
    schema: ModeratedSchema,
    aggregateId: (payload) => payload.commentId,
  })

/** A moderator marked a comment as spam. Aggregate: `comment` / `commentId`. */
export const commentMarkedSpam: EventDefinition<'comment.marked_spam', CommentModeratedPayload> =
  defineEvent({
    type: 'comment.marked_spam',
    version: 1,
    description: 'A moderator marked a comment as spam; it is not shown.',
    aggregateType: 'comment',
    schema: ModeratedSchema,
    aggregateId: (payload) => payload.commentId,
  })

/** A comment was deleted with its replies. Aggregate: `comment` / `commentId`. */
export const commentDeleted: EventDefinition<'comment.deleted', CommentDeletedPayload> =
  defineEvent({
    type: 'comment.deleted',
    version: 1,
    description: 'A moderator deleted a comment and the replies under it.',
    aggregateType: 'comment',
    schema: v.object({
      commentId: nonNilUuid(),
      postId: nonNilUuid(),
      removed: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    }),
    aggregateId: (payload) => payload.commentId,
  })

/** Any one of the blog's event definitions. */
export type BlogEventDefinition =
  | typeof commentCreated
  | typeof commentApproved
  | typeof commentRejected
  | typeof commentMarkedSpam
  | typeof commentDeleted

/** The dotted type names of the blog's events. */
export type BlogEventType = EventType<BlogEventDefinition>

/** The blog module's event definitions, to compose into the application's catalogue. */
export const blogEvents: readonly BlogEventDefinition[] = [
  commentCreated,
  commentApproved,
  commentRejected,
  commentMarkedSpam,
  commentDeleted,
]
