import * as v from 'valibot'
import {
  listQuery,
  EventTypeParam,
  FOREIGN_CURSOR,
  isTimestampCursor,
  timestampParam,
  UuidParam,
} from '@rustok/http'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))

/**
 * One dead letter as the list shows it. The payload is left out: it may hold personal data of any
 * tenant, and operators triage by type, tenant and error; the detail route returns it.
 */
export const DeadLetterSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  type: v.string(),
  version: v.number(),
  aggregateType: v.string(),
  aggregateId: v.string(),
  actorId: v.nullable(v.string()),
  correlationId: v.string(),
  traceId: v.nullable(v.string()),
  attempts: v.number(),
  lastError: v.nullable(v.string()),
  occurredAt: v.string(),
  createdAt: v.string(),
})

/** One dead letter with its payload. */
export const DeadLetterDetailSchema = v.object({
  ...DeadLetterSchema.entries,
  payload: v.unknown(),
})

export type DeadLetterItem = v.InferOutput<typeof DeadLetterSchema>

/** `GET /api/admin/events/dead-letters`: keyset pages over (created_at, id). */
export const DeadLetterListQuery = v.pipe(
  listQuery({
    sort: ['createdAt'],
    defaultSort: '-createdAt',
    filters: {
      type: EventTypeParam,
      tenantId: UuidParam,
      from: timestampParam('Created at or after this time (ISO 8601).'),
      to: timestampParam('Created before this time (ISO 8601).'),
    },
  }),
  v.forward(
    v.check((query) => isTimestampCursor(query.cursor), FOREIGN_CURSOR),
    ['cursor'],
  ),
)

export type DeadLetterListInput = v.InferOutput<typeof DeadLetterListQuery>

/**
 * Which dead letters to replay or discard. Unknown keys are refused rather than dropped: a
 * misspelt filter must not silently widen a bulk action.
 */
export const DeadLetterSelectionSchema = v.pipe(
  v.strictObject({
    ids: v.optional(
      v.pipe(
        v.array(Uuid),
        v.minLength(1, 'Give at least one id, or leave ids out'),
        v.maxLength(1000, 'At most 1000 ids at once'),
      ),
    ),
    type: EventTypeParam,
    tenantId: v.optional(Uuid),
  }),
  v.check(
    (selection) =>
      selection.ids !== undefined ||
      selection.type !== undefined ||
      selection.tenantId !== undefined,
    'Give at least one of ids, type or tenantId: acting on every dead letter needs a filter',
  ),
  // The check above as JSON Schema, for the OpenAPI document: the object has only those keys.
  v.metadata({ minProperties: 1 }),
)

export const DeadLetterIdParams = v.object({ id: Uuid })

export const ReplayedSchema = v.object({ replayed: v.number() })
export const DiscardedSchema = v.object({ discarded: v.number() })

export const OutboxStatsSchema = v.object({
  pending: v.number(),
  failed: v.number(),
  dispatched: v.number(),
  oldestPendingAgeMs: v.pipe(
    v.number(),
    v.description('Age of the oldest pending event in ms: the relay lag; 0 when none is pending.'),
  ),
})
