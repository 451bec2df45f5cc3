import { defineEvent, kindName, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'
import type { NodePayload } from './node-events'

/** Payload of `node.moved`. */
export interface NodeMovedPayload {
  readonly nodeId: string
  readonly kind: string
  /** The new parent; `null` for the root. */
  readonly parentId: string | null
}

const NodePayloadSchema = v.object({ nodeId: nonNilUuid(), kind: kindName() })

/** A published node was archived. Aggregate: `node` / `nodeId`. */
export const nodeArchived: EventDefinition<'node.archived', NodePayload> = defineEvent({
  type: 'node.archived',
  version: 1,
  description: 'A published content node was archived.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})

/** An archived node was restored to draft. Aggregate: `node` / `nodeId`. */
export const nodeRestored: EventDefinition<'node.restored', NodePayload> = defineEvent({
  type: 'node.restored',
  version: 1,
  description: 'An archived content node was restored to draft.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})

/** A node got another parent (or became a root). Aggregate: `node` / `nodeId`. */
export const nodeMoved: EventDefinition<'node.moved', NodeMovedPayload> = defineEvent({
  type: 'node.moved',
  version: 1,
  description: 'A content node moved in the tree.',
  aggregateType: 'node',
  schema: v.object({ nodeId: nonNilUuid(), kind: kindName(), parentId: v.nullable(nonNilUuid()) }),
  aggregateId: (payload) => payload.nodeId,
})

/** A deleted node was removed for good, with its texts and revisions. Aggregate: `node` / `nodeId`. */
export const nodePurged: EventDefinition<'node.purged', NodePayload> = defineEvent({
  type: 'node.purged',
  version: 1,
  description: 'A deleted content node was removed for good.',
  aggregateType: 'node',
  schema: NodePayloadSchema,
  aggregateId: (payload) => payload.nodeId,
})
