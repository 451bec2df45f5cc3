import type { ReplyStatus, TopicStatus } from './forum-status'

/** A text of a category and the locale it came from (the tenant's fallback chain applied). */
export interface ForumCategoryText {
  readonly locale: string
  readonly name: string
  readonly slug: string
  readonly description: string | null
}

/** Counters and last activity, kept in the transaction of every change. */
export interface ForumActivity {
  /** ISO 8601, or `null` for a category with no topic yet. */
  readonly lastActivityAt: string | null
  readonly lastPosterId: string | null
}

/** A forum category read in one locale. */
export interface ForumCategory extends ForumActivity {
  readonly id: string
  readonly tenantId: string
  readonly position: number
  readonly moderated: boolean
  readonly topicCount: number
  readonly replyCount: number
  /** `null` when the category has no translation at all (never after create). */
  readonly text: ForumCategoryText | null
  readonly createdAt: string
}

/** A forum topic. Times are ISO 8601 strings in UTC. */
export interface ForumTopic {
  readonly id: string
  readonly tenantId: string
  readonly categoryId: string
  readonly authorId: string
  readonly locale: string
  readonly title: string
  readonly body: string
  readonly tags: readonly string[]
  readonly status: TopicStatus
  readonly pinned: boolean
  readonly locked: boolean
  /** Approved replies. */
  readonly replyCount: number
  /** Replies waiting for a moderator. */
  readonly pendingCount: number
  readonly lastActivityAt: string
  readonly lastPosterId: string
  readonly createdAt: string
  readonly updatedAt: string
}

/** A reply. `depth` is 0 for a reply to the topic, the parent's + 1 for a reply to a reply. */
export interface ForumReply {
  readonly id: string
  readonly tenantId: string
  readonly topicId: string
  readonly parentId: string | null
  readonly depth: number
  readonly authorId: string
  /** Plain text. */
  readonly body: string
  readonly status: ReplyStatus
  readonly createdAt: string
  readonly updatedAt: string
  readonly moderatedAt: string | null
  readonly moderatedBy: string | null
}

/** Where a topic list page ended: pinned flag, last activity (exact text) and id. */
export interface TopicCursor {
  readonly pinned: boolean
  readonly value: string
  readonly id: string
}

/** Where a reply list page ended: the last reply's thread path and id. */
export interface ReplyCursor {
  readonly value: string
  readonly id: string
}

/** A page of topics; `next` is `null` on the last page. */
export interface TopicPage {
  readonly items: readonly ForumTopic[]
  readonly next: TopicCursor | null
}

/** A page of replies; `next` is `null` on the last page. */
export interface ReplyPage {
  readonly items: readonly ForumReply[]
  readonly next: ReplyCursor | null
}

/** A row of a tenant: a category, topic or reply. */
export interface ForumRef {
  readonly tenantId: string
  readonly id: string
}

/** Who acts in the forum: a signed-in user. */
export interface ForumActor {
  readonly userId: string
  readonly correlationId?: string | null
  readonly causationId?: string | null
  readonly traceId?: string | null
}
