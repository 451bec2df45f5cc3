import type { EventType } from '@rustok/core-events'
import { bodyUpdated } from './events/body-events'
import { categoryCreated, categoryDeleted, categoryUpdated } from './events/category-events'
import { mediaDeleted, mediaUpdated, mediaUploaded } from './events/media-events'
import {
  nodeCreated,
  nodeDeleted,
  nodePublished,
  nodeTranslationUpdated,
  nodeUnpublished,
  nodeUpdated,
} from './events/node-events'
import { nodeArchived, nodeMoved, nodePurged, nodeRestored } from './events/node-lifecycle-events'
import { tagAttached, tagCreated, tagDeleted, tagDetached } from './events/tag-events'

/** Any one of the content event definitions. */
export type ContentEventDefinition =
  | typeof nodeCreated
  | typeof nodeUpdated
  | typeof nodeTranslationUpdated
  | typeof nodePublished
  | typeof nodeUnpublished
  | typeof nodeDeleted
  | typeof nodeArchived
  | typeof nodeRestored
  | typeof nodeMoved
  | typeof nodePurged
  | typeof bodyUpdated
  | typeof categoryCreated
  | typeof categoryUpdated
  | typeof categoryDeleted
  | typeof tagCreated
  | typeof tagAttached
  | typeof tagDetached
  | typeof tagDeleted
  | typeof mediaUploaded
  | typeof mediaDeleted
  | typeof mediaUpdated

/** The dotted type names of the content events. */
export type ContentEventType = EventType<ContentEventDefinition>

/**
 * The content module's event definitions (nodes, bodies, categories, tags, media), to compose
 * into the application catalogue with `createEventCatalog(tenancyEvents, contentEvents, …)`.
 */
export const contentEvents: readonly ContentEventDefinition[] = [
  nodeCreated,
  nodeUpdated,
  nodeTranslationUpdated,
  nodePublished,
  nodeUnpublished,
  nodeDeleted,
  nodeArchived,
  nodeRestored,
  nodeMoved,
  nodePurged,
  bodyUpdated,
  categoryCreated,
  categoryUpdated,
  categoryDeleted,
  tagCreated,
  tagAttached,
  tagDetached,
  tagDeleted,
  mediaUploaded,
  mediaUpdated,
  mediaDeleted,
]
