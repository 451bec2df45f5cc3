// @rustok/content/blog: posts over content nodes, comments with moderation, RSS and Atom feeds.
// Framework-free like the main entry; the blog's HTTP module is in @rustok/content/http.
export {
  blogEvents,
  commentApproved,
  commentCreated,
  commentDeleted,
  commentMarkedSpam,
  commentRejected,
} from './blog-events'
export type {
  BlogEventDefinition,
  BlogEventType,
  CommentCreatedPayload,
  CommentDeletedPayload,
  CommentModeratedPayload,
} from './blog-events'
export { MAX_COMMENT_DEPTH } from './blog-migration'
export type { BlogCommentsTable, BlogPostCountsTable, BlogTables } from './blog-tables'
export { CreateCommentSchema, ListCommentsSchema, ModerationQueueSchema } from './comment-schemas'
export type {
  CommentCursor,
  CreateCommentInput,
  ListCommentsInput,
  ModerationQueueInput,
  ModerationQueueQuery,
} from './comment-schemas'
export { createCommentService } from './comment-service'
export type { CommentAuthor, CommentService, CommentServiceDeps } from './comment-service'
export {
  COMMENT_STATUSES,
  COMMENT_TRANSITIONS,
  countDelta,
  nextCommentStatus,
} from './comment-status'
export type {
  CommentStatus,
  CommentStatusesLeftBy,
  CommentStatusReachedBy,
  CommentTransition,
} from './comment-status'
export type { BlogComment, CommentCounts, CommentPage, CommentRef } from './comment-types'
export { escapeXml, renderAtom, renderRss } from './feeds'
export type { Feed, FeedItem } from './feeds'
export { readingMinutes, WORDS_PER_MINUTE } from './post-extras'
export type { FeaturedImage, PostExtras } from './post-extras'
export { postBlogFields } from './post-metadata'
export type { PostBlogFields } from './post-metadata'
export { ListPostsFiltersSchema, PostFieldsSchema } from './post-schemas'
export type { CreatePostInput, ListPostsInput, PatchPostInput } from './post-schemas'
export { createPostService } from './post-service'
export type { AdminPost, PostListItem, PostPage, PostService, PublicPost } from './post-service'
