import type { CommentStatus } from './comment-status'

/** A comment as the API returns it. Times are ISO 8601 strings in UTC. */
export interface BlogComment {
  readonly id: string
  readonly tenantId: string
  readonly postId: string
  readonly parentId: string | null
  /** 0 on the post, 1 for a reply, … up to `MAX_COMMENT_DEPTH`. */
  readonly depth: number
  readonly authorId: string
  /** Plain text. */
  readonly body: string
  readonly status: CommentStatus
  readonly createdAt: string
  readonly updatedAt: string
  readonly moderatedAt: string | null
  readonly moderatedBy: string | null
}

/** One page of comments and where the next starts (`null` on the last page). */
export interface CommentPage {
  readonly items: readonly BlogComment[]
  readonly next: { readonly value: string; readonly id: string } | null
}

/** A post's comment counters: approved (shown) and pending (waiting for a moderator). */
export interface CommentCounts {
  readonly approved: number
  readonly pending: number
}

/** A comment of a tenant. */
export interface CommentRef {
  readonly tenantId: string
  readonly id: string
}
