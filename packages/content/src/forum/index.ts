// @rustok/content/forum: categories, topics, threaded replies and moderation with counters kept in
// each change's transaction. Framework-free like the main entry; the HTTP module is in /http.
export {
  forumCategoryCreated,
  forumCategoryUpdated,
  forumEvents,
  forumReplyCreated,
  forumReplyModerated,
  forumTopicChanged,
  forumTopicMoved,
  forumTopicOpened,
} from './forum-events'
export type {
  ForumCategoryPayload,
  ForumEventDefinition,
  ForumEventType,
  ReplyCreatedPayload,
  ReplyModeratedPayload,
  TopicChange,
  TopicChangedPayload,
  TopicMovedPayload,
  TopicOpenedPayload,
} from './forum-events'
export { MAX_FORUM_CATEGORIES } from './forum-categories'
export { MAX_REPLY_DEPTH } from './forum-migration'
export { replyRefusal } from './forum-replies'
export {
  CreateForumCategorySchema,
  CreateReplySchema,
  ListRepliesSchema,
  ListTopicsSchema,
  OpenTopicSchema,
  ReplyQueueSchema,
  UpdateForumCategorySchema,
} from './forum-schemas'
export type {
  CreateForumCategoryInput,
  CreateReplyInput,
  ForumCategoryTranslationInput,
  ListRepliesInput,
  ListTopicsInput,
  OpenTopicInput,
  ReplyQueueInput,
  UpdateForumCategoryInput,
} from './forum-schemas'
export { createForumService } from './forum-service'
export type { ForumService } from './forum-service'
export {
  nextReplyStatus,
  nextTopicStatus,
  REPLY_STATUSES,
  REPLY_TRANSITIONS,
  replyCountDelta,
  TOPIC_STATUSES,
  TOPIC_TRANSITIONS,
} from './forum-status'
export type {
  ReplyStatus,
  ReplyStatusesLeftBy,
  ReplyTransition,
  TopicStatus,
  TopicStatusesLeftBy,
  TopicTransition,
} from './forum-status'
export type {
  ForumCategoriesTable,
  ForumCategoryTranslationsTable,
  ForumRepliesTable,
  ForumTables,
  ForumTopicsTable,
} from './forum-tables'
export type { TopicFlag } from './forum-topics'
export type {
  ForumActivity,
  ForumActor,
  ForumCategory,
  ForumCategoryText,
  ForumRef,
  ForumReply,
  ForumTopic,
  ReplyCursor,
  ReplyPage,
  TopicCursor,
  TopicPage,
} from './forum-types'
