import type { ContentTables, JsonColumn, Timestamp } from '../content-tables'
import type { ReplyStatus, TopicStatus } from './forum-status'

/** `content_forum_categories`: a forum category with its counters, kept in each change's transaction. */
export interface ForumCategoriesTable {
  id: string
  tenant_id: string
  position: number
  /** New replies in its topics wait for a moderator (`pending`). */
  moderated: boolean
  topic_count: number
  /** Approved replies in its topics. */
  reply_count: number
  last_activity_at: Date | null
  last_poster_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** `content_forum_category_translations`: a category's name, slug and description in one locale. */
export interface ForumCategoryTranslationsTable {
  tenant_id: string
  category_id: string
  locale: string
  name: string
  slug: string
  description: string | null
}

/** `content_forum_topics`: a topic in a category, with its counters and last activity. */
export interface ForumTopicsTable {
  id: string
  tenant_id: string
  category_id: string
  author_id: string
  locale: string
  title: string
  body: string
  tags: JsonColumn<string[]>
  status: TopicStatus
  pinned: boolean
  locked: boolean
  /** Approved replies. */
  reply_count: number
  pending_count: number
  last_activity_at: Date
  last_poster_id: string
  created_at: Timestamp
  updated_at: Timestamp
}

/** `content_forum_replies`: a reply to a topic, or to another reply of the same topic. */
export interface ForumRepliesTable {
  id: string
  tenant_id: string
  topic_id: string
  parent_id: string | null
  depth: number
  /** `<ms since epoch, 15 digits>-<id>` of each reply from the thread's root down to this one,
   * joined by `/`: ordering by it gives thread order. */
  path: string
  author_id: string
  body: string
  status: ReplyStatus
  created_at: Timestamp
  updated_at: Timestamp
  moderated_at: Date | null
  moderated_by: string | null
}

/** The content tables and the forum's. */
export interface ForumTables extends ContentTables {
  content_forum_categories: ForumCategoriesTable
  content_forum_category_translations: ForumCategoryTranslationsTable
  content_forum_topics: ForumTopicsTable
  content_forum_replies: ForumRepliesTable
}
