import { defineEvent, nonNilUuid, type EventDefinition, type EventType } from '@rustok/core-events'
import * as v from 'valibot'
import type { ReplyStatus } from './forum-status'

/** Payload of `forum_category.created` and `forum_category.updated`. */
export interface ForumCategoryPayload {
  readonly categoryId: string
  readonly moderated: boolean
}

/** Payload of `forum_topic.opened`. */
export interface TopicOpenedPayload {
  readonly topicId: string
  readonly categoryId: string
  readonly authorId: string
}

/** What a moderator changed on a topic. */
export type TopicChange =
  'pinned' | 'unpinned' | 'locked' | 'unlocked' | 'closed' | 'reopened' | 'archived' | 'unarchived'

/** Payload of `forum_topic.changed`. */
export interface TopicChangedPayload {
  readonly topicId: string
  readonly change: TopicChange
}

/** Payload of `forum_topic.moved`. */
export interface TopicMovedPayload {
  readonly topicId: string
  readonly from: string
  readonly to: string
}

/** Payload of `forum_reply.created`. */
export interface ReplyCreatedPayload {
  readonly replyId: string
  readonly topicId: string
  readonly parentId: string | null
  readonly authorId: string
  /** `pending` in a moderated category, else `approved`. */
  readonly status: 'pending' | 'approved'
}

/** Payload of `forum_reply.moderated`. */
export interface ReplyModeratedPayload {
  readonly replyId: string
  readonly topicId: string
  readonly from: ReplyStatus
  readonly to: ReplyStatus
}

const CategorySchema = v.object({ categoryId: nonNilUuid(), moderated: v.boolean() })
const ReplyStatusSchema = v.picklist(['pending', 'approved', 'rejected', 'hidden'])

/** A forum category was created. Aggregate: `forum_category` / `categoryId`. */
export const forumCategoryCreated: EventDefinition<'forum_category.created', ForumCategoryPayload> =
  defineEvent({
    type: 'forum_category.created',
    version: 1,
    description: 'A forum category was created.',
    aggregateType: 'forum_category',
    schema: CategorySchema,
    aggregateId: (payload) => payload.categoryId,
  })

/** A forum category's texts, position or moderation flag changed. */
export const forumCategoryUpdated: EventDefinition<'forum_category.updated', ForumCategoryPayload> =
  defineEvent({
    type: 'forum_category.updated',
    version: 1,
    description: "A forum category's texts, position or moderation flag changed.",
    aggregateType: 'forum_category',
    schema: CategorySchema,
    aggregateId: (payload) => payload.categoryId,
  })

/** A member opened a topic. Aggregate: `forum_topic` / `topicId`. */
export const forumTopicOpened: EventDefinition<'forum_topic.opened', TopicOpenedPayload> =
  defineEvent({
    type: 'forum_topic.opened',
    version: 1,
    description: 'A member opened a topic in a forum category.',
    aggregateType: 'forum_topic',
    schema: v.object({
      topicId: nonNilUuid(),
      categoryId: nonNilUuid(),
      authorId: nonNilUuid(),
    }),
    aggregateId: (payload) => payload.topicId,
  })

/** A moderator pinned, locked, closed, archived a topic (or undid it). */
export const forumTopicChanged: EventDefinition<'forum_topic.changed', TopicChangedPayload> =
  defineEvent({
    type: 'forum_topic.changed',
    version: 1,
    description:
      'A moderator pinned, unpinned, locked, unlocked, closed, reopened, archived or unarchived a topic.',
    aggregateType: 'forum_topic',
    schema: v.object({
      topicId: nonNilUuid(),
      change: v.picklist([
        'pinned',
        'unpinned',
        'locked',
        'unlocked',
        'closed',
        'reopened',
        'archived',
        'unarchived',
      ]),
    }),
    aggregateId: (payload) => payload.topicId,
  })

/** A moderator moved a topic to another category; both categories' counters followed. */
export const forumTopicMoved: EventDefinition<'forum_topic.moved', TopicMovedPayload> = defineEvent(
  {
    type: 'forum_topic.moved',
    version: 1,
    description:
      "A moderator moved a topic to another category; both categories' counters followed.",
    aggregateType: 'forum_topic',
    schema: v.object({ topicId: nonNilUuid(), from: nonNilUuid(), to: nonNilUuid() }),
    aggregateId: (payload) => payload.topicId,
  },
)

/** A member replied to a topic. Aggregate: `forum_reply` / `replyId`. */
export const forumReplyCreated: EventDefinition<'forum_reply.created', ReplyCreatedPayload> =
  defineEvent({
    type: 'forum_reply.created',
    version: 1,
    description: 'A member replied to a topic (or to a reply), pending or approved.',
    aggregateType: 'forum_reply',
    schema: v.object({
      replyId: nonNilUuid(),
      topicId: nonNilUuid(),
      parentId: v.nullable(nonNilUuid()),
      authorId: nonNilUuid(),
      status: v.picklist(['pending', 'approved']),
    }),
    aggregateId: (payload) => payload.replyId,
  })

/** A moderator approved, rejected or hid a reply. Aggregate: `forum_reply` / `replyId`. */
export const forumReplyModerated: EventDefinition<'forum_reply.moderated', ReplyModeratedPayload> =
  defineEvent({
    type: 'forum_reply.moderated',
    version: 1,
    description: "A moderator approved, rejected or hid a reply; the topic's counters followed.",
    aggregateType: 'forum_reply',
    schema: v.object({
      replyId: nonNilUuid(),
      topicId: nonNilUuid(),
      from: ReplyStatusSchema,
      to: ReplyStatusSchema,
    }),
    aggregateId: (payload) => payload.replyId,
  })

/** Any one of the forum's event definitions. */
export type ForumEventDefinition =
  | typeof forumCategoryCreated
  | typeof forumCategoryUpdated
  | typeof forumTopicOpened
  | typeof forumTopicChanged
  | typeof forumTopicMoved
  | typeof forumReplyCreated
  | typeof forumReplyModerated

/** The dotted type names of the forum's events. */
export type ForumEventType = EventType<ForumEventDefinition>

/** The forum module's event definitions, to compose into the application's catalogue. */
export const forumEvents: readonly ForumEventDefinition[] = [
  forumCategoryCreated,
  forumCategoryUpdated,
  forumTopicOpened,
  forumTopicChanged,
  forumTopicMoved,
  forumReplyCreated,
  forumReplyModerated,
]
