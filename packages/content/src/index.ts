export { ContentError, isContentError } from './content-error'
export type { ContentErrorCode } from './content-error'
export { contentEvents } from './content-events'
export type { ContentEventDefinition, ContentEventType } from './content-events'
export { bodyUpdated } from './events/body-events'
export type { BodyUpdatedPayload } from './events/body-events'
export { categoryCreated, categoryDeleted, categoryUpdated } from './events/category-events'
export type { CategoryPayload } from './events/category-events'
export { mediaDeleted, mediaUpdated, mediaUploaded } from './events/media-events'
export type {
  MediaDeletedPayload,
  MediaUpdatedPayload,
  MediaUploadedPayload,
} from './events/media-events'
export {
  nodeCreated,
  nodeDeleted,
  nodePublished,
  nodeTranslationUpdated,
  nodeUnpublished,
  nodeUpdated,
} from './events/node-events'
export type {
  NodeCreatedPayload,
  NodePayload,
  NodeTranslationUpdatedPayload,
} from './events/node-events'
export { tagAttached, tagCreated, tagDeleted, tagDetached } from './events/tag-events'
export type { TagCreatedPayload, TagDeletedPayload, TagLinkPayload } from './events/tag-events'
export { bodyAsHtml, renderMarkdown, sanitizeHtml } from './body-format'
export type { ContentDeps, EventWriter, LocaleChain } from './content-deps'
export type { ContentFieldError } from './content-error'
export { contentMigrations } from './content-migrations'
export type {
  BodyFormat,
  ContentBodiesTable,
  ContentCategoriesTable,
  ContentCategoryTranslationsTable,
  ContentNodeTagsTable,
  ContentNodesTable,
  ContentNodeTranslationsTable,
  ContentRevisionsTable,
  ContentSeoTable,
  ContentSlugHistoryTable,
  ContentTables,
  ContentTagsTable,
  ContentTagTranslationsTable,
  NodeStatus,
} from './content-tables'
export { nodeArchived, nodeMoved, nodePurged, nodeRestored } from './events/node-lifecycle-events'
export type { NodeMovedPayload } from './events/node-lifecycle-events'
export { MAX_NODE_DEPTH } from './nodes/node-links'
export type {
  LocalizedReadOptions,
  NodePage,
  SlugMatch,
  SlugQuery,
  SlugReadScope,
  Visibility,
} from './nodes/node-reads'
export {
  BodyInputSchema,
  CreateNodeSchema,
  KindSchema,
  ListNodesSchema,
  MoveNodeSchema,
  NODE_SORT_FIELDS,
  PatchNodeSchema,
  TranslationInputSchema,
  TranslationPatchSchema,
} from './nodes/node-schemas'
export type {
  BodyInput,
  CreateNodeCommand,
  CreateNodeInput,
  ListNodesInput,
  ListNodesQuery,
  MoveNodeInput,
  NewTranslationInput,
  NodeSortField,
  ParsedBody,
  PatchNodeCommand,
  PatchNodeInput,
  SlugConflict,
  TranslationInput,
} from './nodes/node-schemas'
export type { ScheduleRun } from './nodes/node-schedule'
export { createNodeService } from './nodes/node-service'
export type { NodeCommand, NodeRef } from './nodes/node-tx'
export type { NodeService } from './nodes/node-service'
export { NODE_TRANSITIONS, nextStatus, transitionsFrom } from './nodes/node-status'
export type { NodeTransition, StatusesLeftBy, StatusReachedBy } from './nodes/node-status'
export { SYSTEM_ACTOR } from './nodes/node-types'
export type {
  ContentActor,
  ContentNode,
  LocalizedNode,
  LocalizedText,
  NodeBody,
  NodeFields,
  NodeListItem,
  NodeTranslation,
} from './nodes/node-types'
export type { NodeRevision, NodeRevisionSummary, RevisionSnapshot } from './nodes/revisions'
export { slugFromTitle } from './nodes/slugs'
export { createLocalDiskStorage } from './media/local-disk-storage'
export type {
  MediaFields,
  MediaItem,
  MediaListItem,
  MediaPage,
  MediaTranslation,
} from './media/media-item'
export {
  ListMediaSchema,
  MediaTranslationSchema,
  MediaTranslationsSchema,
  PatchMediaSchema,
} from './media/media-schemas'
export type {
  ListMediaInput,
  ListMediaQuery,
  MediaTranslationInput,
  PatchMediaInput,
} from './media/media-schemas'
export { createMediaService, DEFAULT_MEDIA_MAX_BYTES } from './media/media-service'
export type {
  MediaRef,
  MediaService,
  MediaServiceDeps,
  OpenedMedia,
  UploadMediaInput,
} from './media/media-service'
export { assertStorageKey, mediaStorageKey } from './media/media-storage'
export type { MediaStorage } from './media/media-storage'
export { MEDIA_TYPES } from './media/media-types'
export type { ContentMediaTable, ContentMediaTranslationsTable } from './content-tables'
export { createCategoryService } from './taxonomy/category-service'
export type { CategoryService } from './taxonomy/category-service'
export type { CategoryRef } from './taxonomy/category-writes'
export { createTagService } from './taxonomy/tag-service'
export type { TagLink, TagRef, TagService } from './taxonomy/tag-service'
export {
  CreateCategorySchema,
  CreateTagSchema,
  ListCategoriesSchema,
  ListTagsSchema,
  MAX_CATEGORY_DEPTH,
  PatchCategorySchema,
} from './taxonomy/taxonomy-schemas'
export type {
  CategoryTranslationCommand,
  CategoryTranslationInput,
  CreateCategoryCommand,
  CreateCategoryInput,
  CreateTagCommand,
  CreateTagInput,
  ListCategoriesInput,
  ListCategoriesQuery,
  ListTagsInput,
  ListTagsQuery,
  PatchCategoryCommand,
  PatchCategoryInput,
  TagSort,
  TagTranslationInput,
} from './taxonomy/taxonomy-schemas'
export type {
  Category,
  CategoryFields,
  CategoryPage,
  CategoryTranslation,
  LocalizedCategory,
  LocalizedTag,
  Tag,
  TagPage,
  TagTranslation,
} from './taxonomy/taxonomy-types'
export { createSeoService } from './seo/seo-service'
export type { SeoService, SeoTarget } from './seo/seo-service'
export { ROBOTS_DIRECTIVES, SeoInputSchema, STRUCTURED_DATA_MAX_BYTES } from './seo/seo-schemas'
export type { OpenGraph, SeoCommand, SeoInput } from './seo/seo-schemas'
export type { NodeSeo, OpenGraphMeta } from './seo/seo-types'
export { createNodeIndexSource } from './nodes/node-index-source'
export type { IndexedCategory, NodeIndexRecord, NodeIndexSource } from './nodes/node-index-source'
