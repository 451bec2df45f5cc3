import { exactTimestamp, isExactInstant } from '@rustok/core-db'
import { sql } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { IdSchema, parseInput } from '../internal/parse-input'
import { writeChange } from '../nodes/node-tx'
import {
  forumTopicChanged,
  forumTopicMoved,
  forumTopicOpened,
  type TopicChange,
} from './forum-events'
import {
  bumpCategory,
  contentActor,
  forumDb,
  lockTopic,
  notFound,
  refreshCategoryActivity,
  toTopic,
  type ForumDb,
} from './forum-rows'
import {
  ListTopicsSchema,
  OpenTopicSchema,
  type ListTopicsInput,
  type OpenTopicInput,
} from './forum-schemas'
import { nextTopicStatus, type TopicTransition } from './forum-status'
import type { ForumActor, ForumRef, ForumTopic, TopicPage } from './forum-types'

const CHANGE_OF: Record<TopicTransition, TopicChange> = {
  close: 'closed',
  reopen: 'reopened',
  archive: 'archived',
  unarchive: 'unarchived',
}

/** A moderator's switch on a topic: pin or lock it, or undo that. */
export type TopicFlag = 'pin' | 'unpin' | 'lock' | 'unlock'

const FLAGS: Record<
  TopicFlag,
  { column: 'pinned' | 'locked'; value: boolean; change: TopicChange }
> = {
  pin: { column: 'pinned', value: true, change: 'pinned' },
  unpin: { column: 'pinned', value: false, change: 'unpinned' },
  lock: { column: 'locked', value: true, change: 'locked' },
  unlock: { column: 'locked', value: false, change: 'unlocked' },
}

/** Opens a topic in a category; the category's topic count and last activity move with it. */
export async function openTopic(
  deps: ResolvedContentDeps,
  change: { tenantId: string; input: OpenTopicInput; actor: ForumActor },
): Promise<ForumTopic> {
  const input = parseInput(OpenTopicSchema, change.input)
  const { tenantId, actor } = change
  return writeChange(deps, { tenantId, actor: contentActor(actor) }, async (contentTrx, events) => {
    const trx = contentTrx as unknown as ForumDb
    const category = { tenantId, id: input.categoryId }
    if (!(await bumpCategory(trx, category, { topics: 1, replies: 0 })))
      throw new ContentError('NOT_FOUND', `Forum category ${input.categoryId} not found`, {
        errors: [{ path: 'categoryId', message: 'no such category' }],
      })
    const now = deps.now()
    const row = await trx
      .insertInto('content_forum_topics')
      .values({
        id: deps.newId(),
        tenant_id: tenantId,
        category_id: input.categoryId,
        author_id: actor.userId,
        locale: input.locale,
        title: input.title,
        body: input.body,
        tags: JSON.stringify(input.tags),
        status: 'open',
        pinned: false,
        locked: false,
        reply_count: 0,
        pending_count: 0,
        last_activity_at: now,
        last_poster_id: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await refreshCategoryActivity(trx, category)
    events.add(forumTopicOpened, {
      topicId: row.id,
      categoryId: row.category_id,
      authorId: actor.userId,
    })
    return toTopic(row)
  })
}

/** One topic of the tenant. */
export async function getTopic(deps: ResolvedContentDeps, ref: ForumRef): Promise<ForumTopic> {
  const id = parseInput(IdSchema, ref.id, 'id')
  const row = await forumDb(deps)
    .selectFrom('content_forum_topics')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Topic', id)
  return toTopic(row)
}

/** Pins, unpins, locks or unlocks a topic; `INVALID_TRANSITION` when it already is so. */
export async function flagTopic(
  deps: ResolvedContentDeps,
  change: { ref: ForumRef; flag: TopicFlag; actor: ForumActor },
): Promise<ForumTopic> {
  const id = parseInput(IdSchema, change.ref.id, 'id')
  const { tenantId } = change.ref
  const { column, value, change: what } = FLAGS[change.flag]
  return writeChange(
    deps,
    { tenantId, actor: contentActor(change.actor) },
    async (contentTrx, events) => {
      const trx = contentTrx as unknown as ForumDb
      const row = await trx
        .updateTable('content_forum_topics')
        .set({ [column]: value, updated_at: deps.now() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where(column, '=', !value)
        .returningAll()
        .executeTakeFirst()
      if (!row) {
        await lockTopic(trx, { tenantId, id })
        throw new ContentError('INVALID_TRANSITION', `The topic is already ${what}`)
      }
      events.add(forumTopicChanged, { topicId: id, change: what })
      return toTopic(row)
    },
  )
}

/** Closes, reopens, archives or unarchives a topic by its state machine (conditional update). */
export async function transitionTopic(
  deps: ResolvedContentDeps,
  change: { ref: ForumRef; transition: TopicTransition; actor: ForumActor },
): Promise<ForumTopic> {
  const current = await getTopic(deps, change.ref)
  const { tenantId } = change.ref
  const to = nextTopicStatus(change.transition, current.status)
  const refuse = () =>
    new ContentError(
      'INVALID_TRANSITION',
      `A topic that is ${current.status} cannot be ${CHANGE_OF[change.transition]}`,
    )
  if (to === undefined) throw refuse()
  return writeChange(
    deps,
    { tenantId, actor: contentActor(change.actor) },
    async (contentTrx, events) => {
      const trx = contentTrx as unknown as ForumDb
      const row = await trx
        .updateTable('content_forum_topics')
        .set({ status: to, updated_at: deps.now() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', current.id)
        .where('status', '=', current.status)
        .returningAll()
        .executeTakeFirst()
      if (!row) throw refuse()
      events.add(forumTopicChanged, { topicId: current.id, change: CHANGE_OF[change.transition] })
      return toTopic(row)
    },
  )
}

/**
 * Moves a topic to another category of the tenant: topic row locked first, then both categories
 * in id order; topic and reply counts and last activity of both categories follow.
 */
export async function moveTopic(
  deps: ResolvedContentDeps,
  change: { ref: ForumRef; categoryId: string; actor: ForumActor },
): Promise<ForumTopic> {
  const id = parseInput(IdSchema, change.ref.id, 'id')
  const to = parseInput(IdSchema, change.categoryId, 'categoryId')
  const { tenantId } = change.ref
  return writeChange(
    deps,
    { tenantId, actor: contentActor(change.actor) },
    async (contentTrx, events) => {
      const trx = contentTrx as unknown as ForumDb
      const topic = await lockTopic(trx, { tenantId, id })
      const from = topic.category_id
      if (from === to)
        throw new ContentError('INVALID_INPUT', 'The topic is already in this category', {
          errors: [{ path: 'categoryId', message: 'is the current category' }],
        })
      const locked = await trx
        .selectFrom('content_forum_categories')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', [from, to])
        .orderBy('id')
        .forUpdate()
        .execute()
      if (locked.length !== 2)
        throw new ContentError('NOT_FOUND', `Forum category ${to} not found`, {
          errors: [{ path: 'categoryId', message: 'no such category' }],
        })
      await bumpCategory(trx, { tenantId, id: from }, { topics: -1, replies: -topic.reply_count })
      await bumpCategory(trx, { tenantId, id: to }, { topics: 1, replies: topic.reply_count })
      const row = await trx
        .updateTable('content_forum_topics')
        .set({ category_id: to, updated_at: deps.now() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await refreshCategoryActivity(trx, { tenantId, id: from })
      await refreshCategoryActivity(trx, { tenantId, id: to })
      events.add(forumTopicMoved, { topicId: id, from, to })
      return toTopic(row)
    },
  )
}

/**
 * A category's topics, pinned first, then by last activity (newest first), keyset cursors over
 * (pinned, last activity, id). One statement per page, plus the category check.
 */
export async function listTopics(
  deps: ResolvedContentDeps,
  query: { category: ForumRef; input?: ListTopicsInput },
): Promise<TopicPage> {
  const db = forumDb(deps)
  const categoryId = parseInput(IdSchema, query.category.id, 'categoryId')
  const { limit, after } = parseInput(ListTopicsSchema, query.input ?? {})
  const { tenantId } = query.category
  if (after && !isExactInstant(after.value))
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this list' }],
    })
  const category = await db
    .selectFrom('content_forum_categories')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', categoryId)
    .executeTakeFirst()
  if (!category) throw notFound('Category', categoryId)
  let select = db
    .selectFrom('content_forum_topics')
    .selectAll()
    .select(exactTimestamp('last_activity_at').as('sort_value'))
    .where('tenant_id', '=', tenantId)
    .where('category_id', '=', categoryId)
  if (after)
    select = select.where(
      sql<boolean>`(pinned::int, last_activity_at, id) < (${after.pinned ? 1 : 0}, ${after.value}::timestamptz, ${after.id}::uuid)`,
    )
  const rows = await select
    .orderBy('pinned', 'desc')
    .orderBy('last_activity_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items: items.map(toTopic),
    next:
      rows.length > limit && last
        ? { pinned: last.pinned, value: last.sort_value, id: last.id }
        : null,
  }
}
