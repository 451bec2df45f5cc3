import * as v from 'valibot'
import { IdSchema } from '../internal/parse-input'
import type { CommentStatus } from './comment-status'

/** Input of `comments.create`: the text, and the comment replied to (an approved one of the post). */
export interface CreateCommentInput {
  /** 1–5000 characters after trimming; stored as plain text (never rendered as HTML). */
  readonly body: string
  readonly parentId?: string | null
}

/** The schema of {@link CreateCommentInput}. */
export const CreateCommentSchema: v.GenericSchema<
  CreateCommentInput,
  { body: string; parentId: string | null }
> = v.object({
  body: v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(5000, 'must be at most 5000 characters'),
  ),
  parentId: v.optional(v.nullable(IdSchema), null),
})

/** Where the previous page of comments ended (`next` of that page). */
export interface CommentCursor {
  readonly value: string
  readonly id: string
}

/** Input of a comment list: a page size (1–100, default 20) and where to go on. */
export interface ListCommentsInput {
  readonly limit?: number
  readonly after?: CommentCursor
}

/** Input of the moderation queue: a status (default `pending`) and optionally one post. */
export interface ModerationQueueInput extends ListCommentsInput {
  readonly status?: CommentStatus
  readonly postId?: string
}

/** {@link ModerationQueueInput} after validation. */
export interface ModerationQueueQuery {
  limit: number
  after?: { value: string; id: string }
  status: CommentStatus
  postId?: string
}

const Limit = v.optional(
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be an integer'),
    v.minValue(1, 'must be at least 1'),
    v.maxValue(100, 'must be at most 100'),
  ),
  20,
)
const After = v.optional(v.object({ value: v.string(), id: IdSchema }))

/** The schema of {@link ModerationQueueInput}. */
export const ModerationQueueSchema: v.GenericSchema<ModerationQueueInput, ModerationQueueQuery> =
  v.object({
    limit: Limit,
    after: After,
    status: v.optional(
      v.picklist(['pending', 'approved', 'rejected', 'spam'], 'must be a comment status'),
      'pending',
    ),
    postId: v.optional(IdSchema),
  })

/** The schema of {@link ListCommentsInput}. */
export const ListCommentsSchema: v.GenericSchema<
  ListCommentsInput,
  { limit: number; after?: { value: string; id: string } }
> = v.object({ limit: Limit, after: After })
