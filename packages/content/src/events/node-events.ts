import { defineEvent, kindName, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `node.created`. */
export interface NodeCreatedPayload {
  /** The new node. */
  readonly nodeId: string
  /** Node kind, e.g. `post` or `page`: letters, digits, `-`, `_`, at most 64 UTF-8 bytes. */
  readonly kind: string
  /** Author, if the node has one. */
  readonly authorId?: string
}

/** Payload of `node.updated`, `node.published`, `node.unpublished` and `node.deleted`. */
export interface NodePayload {
  /** The node concerned. */
  readonly nodeId: string
  /** Node kind; the same rule as in `node.created` (the original checked it there only). */
  readonly kind: string
}

/** Payload of `node.translation.updated`. */
export interface NodeTranslationUpdatedPayload {
  /** The node whose translation changed. */
  readonly nodeId: string
  /** Locale of the translation; non-empty, at most 10 UTF-8 bytes. */
  readonly locale: string
}

const NodePayloadSchema = v.object({ nodeId: nonNilUuid(), kind: kindName() })

/** A content node was created (original #1). Aggregate: `node` / `nodeId`. */
export const nodeCreated: EventDefinition<'node.created', NodeCreatedPayload> = defineEvent({
  type: 'node.created',
  version: 1,
  description: 'A content node was created.',
  aggregateType: 'node',
  schema: v.object({ nodeId: nonNilUuid(), kind: kindName(), authorId: v.optional(nonNilUuid()) }),
  aggregateId: (payload) => payload.nodeId,
})

/** A content node was updated (original #2). Aggregate: `node` / `nodeId`. */
export const nodeUpdated: EventDefinition<'node.updated', NodePayload> = defineEvent({
  type: 'node.updated',
  version: 1,
  description: 'A content node was updated.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})

/** A node's translation changed (original #3). Aggregate: `node` / `nodeId`. */
export const nodeTranslationUpdated: EventDefinition<
  'node.translation.updated',
  NodeTranslationUpdatedPayload
> = defineEvent({
  type: 'node.translation.updated',
  version: 1,
  description: 'A translation of a content node was updated.',
  aggregateType: 'node',
  schema: v.object({ nodeId: nonNilUuid(), locale: nonEmptyText(10) }),
  aggregateId: (payload) => payload.nodeId,
})

/** A content node was published (original #4). Aggregate: `node` / `nodeId`. */
export const nodePublished: EventDefinition<'node.published', NodePayload> = defineEvent({
  type: 'node.published',
  version: 1,
  description: 'A content node was published.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})

/** A content node was unpublished (original #5). Aggregate: `node` / `nodeId`. */
export const nodeUnpublished: EventDefinition<'node.unpublished', NodePayload> = defineEvent({
  type: 'node.unpublished',
  version: 1,
  description: 'A content node was unpublished.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})

/** A content node was deleted (original #6). Aggregate: `node` / `nodeId`. */
export const nodeDeleted: EventDefinition<'node.deleted', NodePayload> = defineEvent({
  type: 'node.deleted',
  version: 1,
  description: 'A content node was deleted.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})
