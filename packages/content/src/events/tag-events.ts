import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `tag.created`. */
export interface TagCreatedPayload {
  /** The new tag. */
  readonly tagId: string
}

/** Payload of `tag.attached` and `tag.detached`. */
export interface TagLinkPayload {
  /** The tag. */
  readonly tagId: string
  /** Kind of the tagged entity, e.g. `node`; non-empty, at most 64 UTF-8 bytes. */
  readonly targetType: string
  /** The tagged entity. */
  readonly targetId: string
}

const TagLinkPayloadSchema = v.object({
  tagId: nonNilUuid(),
  targetType: nonEmptyText(64),
  targetId: nonNilUuid(),
})

/** A tag was created (original #11). Aggregate: `tag` / `tagId`. */
export const tagCreated: EventDefinition<'tag.created', TagCreatedPayload> = defineEvent({
  type: 'tag.created',
  version: 1,
  description: 'A tag was created.',
  aggregateType: 'tag',
  schema: v.object({ tagId: nonNilUuid() }),
  aggregateId: (payload) => payload.tagId,
})

/** A tag was attached to an entity (original #12). Aggregate: `tag` / `tagId`. */
export const tagAttached: EventDefinition<'tag.attached', TagLinkPayload> = defineEvent({
  type: 'tag.attached',
  version: 1,
  description: 'A tag was attached to an entity.',
  aggregateType: 'tag',
  schema: TagLinkPayloadSchema,
  aggregateId: (payload) => payload.tagId,
})

/** A tag was detached from an entity (original #13). Aggregate: `tag` / `tagId`. */
export const tagDetached: EventDefinition<'tag.detached', TagLinkPayload> = defineEvent({
  type: 'tag.detached',
  version: 1,
  description: 'A tag was detached from an entity.',
  aggregateType: 'tag',
  schema: TagLinkPayloadSchema,
  aggregateId: (payload) => payload.tagId,
})

/** Payload of `tag.deleted`. */
export interface TagDeletedPayload {
  /** The deleted tag; its links to nodes went with it. */
  readonly tagId: string
}

/** A tag was deleted, with its links to nodes. Aggregate: `tag` / `tagId`. */
export const tagDeleted: EventDefinition<'tag.deleted', TagDeletedPayload> = defineEvent({
  type: 'tag.deleted',
  version: 1,
  description: 'A tag was deleted, and detached from every entity that carried it.',
  aggregateType: 'tag',
  schema: v.object({ tagId: nonNilUuid() }),
  aggregateId: (payload) => payload.tagId,
})
