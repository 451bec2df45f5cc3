export { ContentError, isContentError } from './content-error'
export type { ContentErrorCode } from './content-error'
export { contentEvents } from './content-events'
export type { ContentEventDefinition, ContentEventType } from './content-events'
export { bodyUpdated } from './events/body-events'
export type { BodyUpdatedPayload } from './events/body-events'
export { categoryCreated, categoryDeleted, categoryUpdated } from './events/category-events'
export type { CategoryPayload } from './events/category-events'
export { mediaDeleted, mediaUploaded } from './events/media-events'
export type { MediaDeletedPayload, MediaUploadedPayload } from './events/media-events'
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
export { tagAttached, tagCreated, tagDetached } from './events/tag-events'
export type { TagCreatedPayload, TagLinkPayload } from './events/tag-events'
