import * as v from 'valibot'
import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'

/** Payload of `index.reindex_requested`. */
export interface ReindexRequestedPayload {
  /** What to reindex, e.g. `node` or `product`; non-empty, at most 64 UTF-8 bytes. */
  readonly targetType: string
  /** One entity to reindex; omitted to reindex every entity of `targetType`. */
  readonly targetId?: string
}

/** Payload of `index.updated`. */
export interface IndexUpdatedPayload {
  /** Read model that was updated, e.g. `index_content`; non-empty, at most 64 UTF-8 bytes. */
  readonly indexName: string
  /** The entity whose index row changed. */
  readonly targetId: string
}

/**
 * A reindex was requested (original #34). Aggregate: `index` / `targetId` when one entity is
 * targeted, else `targetType` — so requests for one entity stay in order, and so do whole-type ones.
 */
export const reindexRequested: EventDefinition<'index.reindex_requested', ReindexRequestedPayload> =
  defineEvent({
    type: 'index.reindex_requested',
    version: 1,
    description: 'A reindex of one entity or of every entity of a type was requested.',
    aggregateType: 'index',
    schema: v.object({ targetType: nonEmptyText(64), targetId: v.optional(nonNilUuid()) }),
    aggregateId: (payload) => payload.targetId ?? payload.targetType,
  })

/** A read-model row was updated (original #35). Aggregate: `index` / `targetId`. */
export const indexUpdated: EventDefinition<'index.updated', IndexUpdatedPayload> = defineEvent({
  type: 'index.updated',
  version: 1,
  description: 'A read-model index entry was updated.',
  aggregateType: 'index',
  schema: v.object({ indexName: nonEmptyText(64), targetId: nonNilUuid() }),
  aggregateId: (payload) => payload.targetId,
})
