import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `body.updated`. */
export interface BodyUpdatedPayload {
  /** The node whose body changed. */
  readonly nodeId: string
  /** Locale of the body; non-empty, at most 10 UTF-8 bytes. */
  readonly locale: string
}

/**
 * A node's body changed in one locale (original #7). Aggregate: `node` / `nodeId` — a body is
 * part of its node, so body and node events of one node stay in order.
 */
export const bodyUpdated: EventDefinition<'body.updated', BodyUpdatedPayload> = defineEvent({
  type: 'body.updated',
  version: 1,
  description: 'The body of a content node was updated in one locale.',
  aggregateType: 'node',
  schema: v.object({ nodeId: nonNilUuid(), locale: nonEmptyText(10) }),
  aggregateId: (payload) => payload.nodeId,
})
