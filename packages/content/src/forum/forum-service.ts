import { resolveDeps, type ContentDeps } from '../content-deps'
import { createCategory, getCategory, listCategories, updateCategory } from './forum-categories'
import { createReply, getReply, listReplies, moderateReply, replyQueue } from './forum-replies'
import type {
  CreateForumCategoryInput,
  CreateReplyInput,
  ListRepliesInput,
  ListTopicsInput,
  OpenTopicInput,
  ReplyQueueInput,
  UpdateForumCategoryInput,
} from './forum-schemas'
import type { ReplyTransition, TopicTransition } from './forum-status'
import {
  flagTopic,
  getTopic,
  listTopics,
  moveTopic,
  openTopic,
  transitionTopic,
  type TopicFlag,
} from './forum-topics'
import type {
  ForumActor,
  ForumCategory,
  ForumRef,
  ForumReply,
  ForumTopic,
  ReplyPage,
  TopicPage,
} from './forum-types'

/** Forum categories, topics, replies and moderation. Every change is one transaction with its events. */
export interface ForumService {
  createCategory(
    tenantId: string,
    input: CreateForumCategoryInput,
    actor: ForumActor,
  ): Promise<ForumCategory>
  updateCategory(
    category: ForumRef,
    input: UpdateForumCategoryInput,
    options: { readonly actor: ForumActor; readonly locale: string },
  ): Promise<ForumCategory>
  /** One category in `locale` (the tenant's fallback chain applied). */
  getCategory(category: ForumRef, locale: string): Promise<ForumCategory>
  /** The tenant's categories ordered by position, in `locale`. */
  listCategories(tenantId: string, locale: string): Promise<ForumCategory[]>
  /** A member opens a topic; the category counts it. */
  openTopic(tenantId: string, input: OpenTopicInput, author: ForumActor): Promise<ForumTopic>
  getTopic(topic: ForumRef): Promise<ForumTopic>
  /** A category's topics: pinned first, then the most recently active. */
  listTopics(category: ForumRef, input?: ListTopicsInput): Promise<TopicPage>
  /** Pin, unpin, lock or unlock (moderators). */
  flagTopic(topic: ForumRef, flag: TopicFlag, actor: ForumActor): Promise<ForumTopic>
  /** Close, reopen, archive or unarchive (moderators). */
  transitionTopic(
    topic: ForumRef,
    transition: TopicTransition,
    actor: ForumActor,
  ): Promise<ForumTopic>
  /** Moves a topic to another category; both categories' counters follow (moderators). */
  moveTopic(topic: ForumRef, categoryId: string, actor: ForumActor): Promise<ForumTopic>
  /** A member replies; `TOPIC_LOCKED` / `TOPIC_CLOSED` / `TOPIC_ARCHIVED` when the topic takes none. */
  reply(topic: ForumRef, input: CreateReplyInput, author: ForumActor): Promise<ForumReply>
  getReply(reply: ForumRef): Promise<ForumReply>
  /** Approve, reject or hide (moderators). */
  moderateReply(
    reply: ForumRef,
    transition: ReplyTransition,
    actor: ForumActor,
  ): Promise<ForumReply>
  /** A topic's approved replies in thread order. */
  listReplies(topic: ForumRef, input?: ListRepliesInput): Promise<ReplyPage>
  /** Replies of a status (default `pending`), oldest first. */
  replyQueue(tenantId: string, input?: ReplyQueueInput): Promise<ReplyPage>
}

/**
 * The forum over a database with the content tables (`contentMigrations` includes the forum's).
 *
 * @example
 * ```ts
 * const forum = createForumService({ db, events: outbox })
 * const category = await forum.createCategory(tenantId, { translations: [{ locale: 'en', name: 'Help' }] }, admin)
 * const topic = await forum.openTopic(tenantId, { categoryId: category.id, locale: 'en', title: 'Hi', body: 'Hello' }, member)
 * await forum.reply({ tenantId, id: topic.id }, { body: 'Welcome!' }, other)
 * ```
 */
export function createForumService(options: ContentDeps): ForumService {
  const deps = resolveDeps(options)
  return {
    createCategory: (tenantId, input, actor) => createCategory(deps, { tenantId, input, actor }),
    updateCategory: (ref, input, { actor, locale }) =>
      updateCategory(deps, { ref, input, actor, locale }),
    getCategory: (ref, locale) => getCategory(deps, { ref, locale }),
    listCategories: (tenantId, locale) => listCategories(deps, { tenantId, locale }),
    openTopic: (tenantId, input, actor) => openTopic(deps, { tenantId, input, actor }),
    getTopic: (ref) => getTopic(deps, ref),
    listTopics: (category, input) => listTopics(deps, { category, ...(input ? { input } : {}) }),
    flagTopic: (ref, flag, actor) => flagTopic(deps, { ref, flag, actor }),
    transitionTopic: (ref, transition, actor) => transitionTopic(deps, { ref, transition, actor }),
    moveTopic: (ref, categoryId, actor) => moveTopic(deps, { ref, categoryId, actor }),
    reply: (topic, input, author) => createReply(deps, { topic, input, author }),
    getReply: (ref) => getReply(deps, ref),
    moderateReply: (ref, transition, actor) => moderateReply(deps, { ref, transition, actor }),
    listReplies: (topic, input) => listReplies(deps, { topic, ...(input ? { input } : {}) }),
    replyQueue: (tenantId, input) => replyQueue(deps, { tenantId, ...(input ? { input } : {}) }),
  }
}
