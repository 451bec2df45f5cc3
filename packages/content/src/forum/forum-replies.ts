import { exactTimestamp, isExactInstant, keysetAfter } from '@rustok/core-db'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { IdSchema, parseInput } from '../internal/parse-input'
import { writeChange } from '../nodes/node-tx'
import { forumReplyCreated, forumReplyModerated } from './forum-events'
import { MAX_REPLY_DEPTH } from './forum-migration'
import {
  bumpCategory,
  contentActor,
  forumDb,
  lockTopic,
  notFound,
  refreshCategoryActivity,
  refreshTopicActivity,
  toReply,
  type ForumDb,
  type TopicRow,
} from './forum-rows'
import {
  CreateReplySchema,
  ListRepliesSchema,
  ReplyQueueSchema,
  type CreateReplyInput,
  type ListRepliesInput,
  type ReplyQueueInput,
} from './forum-schemas'
import { nextReplyStatus, replyCountDelta, type ReplyTransition } from './forum-status'
import type { ForumActor, ForumRef, ForumReply, ReplyPage } from './forum-types'

/** Why a topic takes no reply, as a stable code (409), or `undefined` when it takes one. */
export function replyRefusal(topic: Pick<TopicRow, 'locked' | 'status'>): ContentError | undefined {
  if (topic.locked) return new ContentError('TOPIC_LOCKED', 'The topic is locked: no new replies')
  if (topic.status === 'closed')
    return new ContentError('TOPIC_CLOSED', 'The topic is closed: no new replies')
  if (topic.status === 'archived')
    return new ContentError('TOPIC_ARCHIVED', 'The topic is archived: no new replies')
  return undefined
}

/**
 * Applies an approved/pending delta of one reply: the topic's counters, and when the approved
 * count moves, the category's reply count and both last activities. The topic's lock is held.
 */
async function applyDelta(
  trx: ForumDb,
  topic: TopicRow,
  delta: { readonly approved: number; readonly pending: number },
): Promise<void> {
  const ref = { tenantId: topic.tenant_id, id: topic.id }
  await trx
    .updateTable('content_forum_topics')
    .set((eb) => ({
      reply_count: eb('reply_count', '+', delta.approved),
      pending_count: eb('pending_count', '+', delta.pending),
    }))
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .execute()
  if (delta.approved === 0) return
  await refreshTopicActivity(trx, ref)
  const category = { tenantId: ref.tenantId, id: topic.category_id }
  await bumpCategory(trx, category, { topics: 0, replies: delta.approved })
  await refreshCategoryActivity(trx, category)
}

/**
 * Replies to a topic (or to an approved reply of it, at most {@link MAX_REPLY_DEPTH} deep): pending
 * in a moderated category, else approved. The topic row is locked first, so a lock, close or move
 * racing with the reply is seen; a locked, closed or archived topic refuses it.
 */
export async function createReply(
  deps: ResolvedContentDeps,
  change: { topic: ForumRef; input: CreateReplyInput; author: ForumActor },
): Promise<ForumReply> {
  const topicId = parseInput(IdSchema, change.topic.id, 'topicId')
  const input = parseInput(CreateReplySchema, change.input)
  const { tenantId } = change.topic
  const { author } = change
  return writeChange(
    deps,
    { tenantId, actor: contentActor(author) },
    async (contentTrx, events) => {
      const trx = contentTrx as unknown as ForumDb
      const topic = await lockTopic(trx, { tenantId, id: topicId })
      const refusal = replyRefusal(topic)
      if (refusal) throw refusal
      const category = await trx
        .selectFrom('content_forum_categories')
        .select('moderated')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', topic.category_id)
        .executeTakeFirstOrThrow()
      const id = deps.newId()
      let parent: { depth: number; path: string } | undefined
      if (input.parentId !== null) {
        const row = await trx
          .selectFrom('content_forum_replies')
          .select(['depth', 'path', 'status'])
          .where('tenant_id', '=', tenantId)
          .where('topic_id', '=', topicId)
          .where('id', '=', input.parentId)
          .executeTakeFirst()
        if (row?.status !== 'approved')
          throw new ContentError('INVALID_INPUT', 'No approved reply to answer', {
            errors: [{ path: 'parentId', message: 'must be an approved reply of this topic' }],
          })
        if (row.depth >= MAX_REPLY_DEPTH)
          throw new ContentError('INVALID_INPUT', 'Replies are nested too deep', {
            errors: [{ path: 'parentId', message: `replies nest at most ${MAX_REPLY_DEPTH} deep` }],
          })
        parent = row
      }
      const status = category.moderated ? 'pending' : 'approved'
      const now = deps.now()
      // A fixed-width, time-first segment: ordering by path puts a reply right after its parent
      // and siblings oldest first, whatever the id source.
      const segment = `${String(now.getTime()).padStart(15, '0')}-${id}`
      const row = await trx
        .insertInto('content_forum_replies')
        .values({
          id,
          tenant_id: tenantId,
          topic_id: topicId,
          parent_id: input.parentId,
          depth: parent ? parent.depth + 1 : 0,
          path: parent ? `${parent.path}/${segment}` : segment,
          author_id: author.userId,
          body: input.body,
          status,
          created_at: now,
          updated_at: now,
          moderated_at: null,
          moderated_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await applyDelta(trx, topic, replyCountDelta(null, status))
      events.add(forumReplyCreated, {
        replyId: id,
        topicId,
        parentId: input.parentId,
        authorId: author.userId,
        status,
      })
      return toReply(row)
    },
  )
}

/** One reply of the tenant, any status. */
export async function getReply(deps: ResolvedContentDeps, ref: ForumRef): Promise<ForumReply> {
  const id = parseInput(IdSchema, ref.id, 'id')
  const row = await forumDb(deps)
    .selectFrom('content_forum_replies')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Reply', id)
  return toReply(row)
}

/**
 * A moderation decision on a reply by its state machine: the topic is locked first, then the
 * reply moves by a conditional update (a racing decision that moved it first → 409), and the
 * counters of topic and category follow in the same transaction.
 */
export async function moderateReply(
  deps: ResolvedContentDeps,
  change: { ref: ForumRef; transition: ReplyTransition; actor: ForumActor },
): Promise<ForumReply> {
  const current = await getReply(deps, change.ref)
  const { tenantId } = change.ref
  const to = nextReplyStatus(change.transition, current.status)
  const refuse = () =>
    new ContentError(
      'INVALID_TRANSITION',
      `A ${current.status} reply cannot be ${change.transition === 'hide' ? 'hidden' : `${change.transition}ed`}`,
    )
  if (to === undefined) throw refuse()
  const { actor } = change
  return writeChange(deps, { tenantId, actor: contentActor(actor) }, async (contentTrx, events) => {
    const trx = contentTrx as unknown as ForumDb
    const topic = await lockTopic(trx, { tenantId, id: current.topicId })
    const now = deps.now()
    const row = await trx
      .updateTable('content_forum_replies')
      .set({ status: to, updated_at: now, moderated_at: now, moderated_by: actor.userId })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', current.id)
      .where('status', '=', current.status)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw refuse()
    await applyDelta(trx, topic, replyCountDelta(current.status, to))
    events.add(forumReplyModerated, {
      replyId: row.id,
      topicId: row.topic_id,
      from: current.status,
      to,
    })
    return toReply(row)
  })
}

/**
 * A topic's approved replies in thread order (each reply right after its parent, siblings
 * oldest first), keyset over the reply's thread path. One statement per page plus the topic check.
 */
export async function listReplies(
  deps: ResolvedContentDeps,
  query: { topic: ForumRef; input?: ListRepliesInput },
): Promise<ReplyPage> {
  const db = forumDb(deps)
  const topicId = parseInput(IdSchema, query.topic.id, 'topicId')
  const { limit, after } = parseInput(ListRepliesSchema, query.input ?? {})
  const { tenantId } = query.topic
  const topic = await db
    .selectFrom('content_forum_topics')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', topicId)
    .executeTakeFirst()
  if (!topic) throw notFound('Topic', topicId)
  const rows = await db
    .selectFrom('content_forum_replies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('topic_id', '=', topicId)
    .where('status', '=', 'approved')
    .where(keysetAfter({ column: 'path', direction: 'asc', position: after }))
    .orderBy('path', 'asc')
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items: items.map(toReply),
    next: rows.length > limit && last ? { value: last.path, id: last.id } : null,
  }
}

/** The moderation queue: the tenant's replies of a status (default `pending`), oldest first. */
export async function replyQueue(
  deps: ResolvedContentDeps,
  query: { tenantId: string; input?: ReplyQueueInput },
): Promise<ReplyPage> {
  const { status, limit, after } = parseInput(ReplyQueueSchema, query.input ?? {})
  if (after && !isExactInstant(after.value))
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this list' }],
    })
  const rows = await forumDb(deps)
    .selectFrom('content_forum_replies')
    .selectAll()
    .select(exactTimestamp('created_at').as('sort_value'))
    .where('tenant_id', '=', query.tenantId)
    .where('status', '=', status)
    .where(
      keysetAfter({
        column: 'created_at',
        direction: 'asc',
        position: after && { ...after, timestamp: true },
      }),
    )
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items: items.map(toReply),
    next: rows.length > limit && last ? { value: last.sort_value, id: last.id } : null,
  }
}
