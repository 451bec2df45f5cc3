import type { Kysely, Selectable } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import type { ForumRepliesTable, ForumTables, ForumTopicsTable } from './forum-tables'
import type { ForumActor, ForumReply, ForumTopic } from './forum-types'

/** The forum's database. */
export type ForumDb = Kysely<ForumTables>

/** The forum's database of the resolved deps. */
export const forumDb = (deps: ResolvedContentDeps): ForumDb => deps.db as unknown as ForumDb

export type TopicRow = Selectable<ForumTopicsTable>
export type ReplyRow = Selectable<ForumRepliesTable>

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

export function toTopic(row: TopicRow): ForumTopic {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    categoryId: row.category_id,
    authorId: row.author_id,
    locale: row.locale,
    title: row.title,
    body: row.body,
    tags: row.tags,
    status: row.status,
    pinned: row.pinned,
    locked: row.locked,
    replyCount: row.reply_count,
    pendingCount: row.pending_count,
    lastActivityAt: row.last_activity_at.toISOString(),
    lastPosterId: row.last_poster_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

export function toReply(row: ReplyRow): ForumReply {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    topicId: row.topic_id,
    parentId: row.parent_id,
    depth: row.depth,
    authorId: row.author_id,
    body: row.body,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    moderatedAt: iso(row.moderated_at),
    moderatedBy: row.moderated_by,
  }
}

/** The content actor of a forum actor (forum rights are checked by permission, not by scope). */
export const contentActor = (actor: ForumActor): ContentActor => ({ ...actor, scope: 'all' })

export const notFound = (what: 'Category' | 'Topic' | 'Reply', id: string): ContentError =>
  new ContentError('NOT_FOUND', `Forum ${what.toLowerCase()} ${id} not found`)

/** Locks a topic's row till commit (every change to its replies or counters takes it first). */
export async function lockTopic(
  trx: ForumDb,
  ref: { tenantId: string; id: string },
): Promise<TopicRow> {
  const row = await trx
    .selectFrom('content_forum_topics')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw notFound('Topic', ref.id)
  return row
}

/**
 * Moves a category's counters by the deltas and locks its row till commit. Callers holding a
 * topic's lock take it after (topic, then categories in id order): no deadlock.
 */
export async function bumpCategory(
  trx: ForumDb,
  ref: { tenantId: string; id: string },
  delta: { readonly topics: number; readonly replies: number },
): Promise<boolean> {
  const result = await trx
    .updateTable('content_forum_categories')
    .set((eb) => ({
      topic_count: eb('topic_count', '+', delta.topics),
      reply_count: eb('reply_count', '+', delta.replies),
    }))
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Sets a topic's last activity and poster from its newest approved reply (or its own opening).
 * Run after the topic's lock is held.
 */
export async function refreshTopicActivity(
  trx: ForumDb,
  ref: { tenantId: string; id: string },
): Promise<void> {
  const latest = await trx
    .selectFrom('content_forum_replies')
    .select(['created_at', 'author_id'])
    .where('tenant_id', '=', ref.tenantId)
    .where('topic_id', '=', ref.id)
    .where('status', '=', 'approved')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  await trx
    .updateTable('content_forum_topics')
    .set((eb) => ({
      last_activity_at: latest ? latest.created_at : eb.ref('created_at'),
      last_poster_id: latest ? latest.author_id : eb.ref('author_id'),
    }))
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .execute()
}

/**
 * Sets a category's last activity and poster from its most recently active topic. Run as its own
 * statement after the category's lock is held, so it sees every change committed before.
 */
export async function refreshCategoryActivity(
  trx: ForumDb,
  ref: { tenantId: string; id: string },
): Promise<void> {
  const latest = await trx
    .selectFrom('content_forum_topics')
    .select(['last_activity_at', 'last_poster_id'])
    .where('tenant_id', '=', ref.tenantId)
    .where('category_id', '=', ref.id)
    .orderBy('last_activity_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  await trx
    .updateTable('content_forum_categories')
    .set({
      last_activity_at: latest?.last_activity_at ?? null,
      last_poster_id: latest?.last_poster_id ?? null,
    })
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .execute()
}
