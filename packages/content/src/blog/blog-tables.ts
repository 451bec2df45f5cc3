import type { ContentTables, Timestamp } from '../content-tables'
import type { CommentStatus } from './comment-status'

/** `content_blog_comments`: a comment on a post, or a reply to another comment of the same post. */
export interface BlogCommentsTable {
  id: string
  tenant_id: string
  post_id: string
  /** Always `post`: the database refuses a comment on a node of another kind. */
  post_kind: string
  parent_id: string | null
  /** 0 for a comment on the post, the parent's depth + 1 for a reply. */
  depth: number
  author_id: string
  body: string
  status: CommentStatus
  created_at: Timestamp
  updated_at: Timestamp
  moderated_at: Date | null
  moderated_by: string | null
}

/** `content_blog_post_counts`: a post's comment counters, kept in the transaction of each change. */
export interface BlogPostCountsTable {
  tenant_id: string
  post_id: string
  approved_comments: number
  pending_comments: number
}

/** The content tables and the blog's. */
export interface BlogTables extends ContentTables {
  content_blog_comments: BlogCommentsTable
  content_blog_post_counts: BlogPostCountsTable
}
