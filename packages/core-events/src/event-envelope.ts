import * as v from 'valibot'
import { uuidv7 } from 'uuidv7'
import type { EventDefinition } from './define-event'
import { invalidEvent, toIssues } from './internal/issues'
import { nonEmptyText, nonNilUuid } from './event-rules'

/**
 * The wire and storage form of one event. JSON keys are camelCase and always serialised in the
 * order of {@link ENVELOPE_FIELDS} (the order below).
 */
export interface EventEnvelope<TPayload = unknown, TType extends string = string> {
  /** Event id: a UUIDv7, so ids sort by creation time. */
  readonly id: string
  /** Dotted event type, e.g. `node.created`. */
  readonly type: TType
  /** Schema version of `payload` as written (upcast on read by `EventCatalog.decode`). */
  readonly version: number
  /** Tenant the event belongs to (non-nil UUID, lowercase). */
  readonly tenantId: string
  /** Who caused it (user id or a system actor name); `null` for the system itself. */
  readonly actorId: string | null
  /** Aggregate kind, e.g. `node`; with `aggregateId` it keys per-aggregate ordering. */
  readonly aggregateType: string
  /** Aggregate id picked from the payload by the definition. */
  readonly aggregateId: string
  /** UUID shared by every event of one chain; the first event's own id when a chain starts. */
  readonly correlationId: string
  /** UUID of the event (or command) that directly caused this one; `null` at the start of a chain. */
  readonly causationId: string | null
  /** W3C trace id (32 lowercase hex digits, not all zeros), or `null` outside a trace. */
  readonly traceId: string | null
  /** When it happened: ISO-8601 in UTC, e.g. `2026-01-01T00:00:00.000Z`. */
  readonly occurredAt: string
  /** The event's payload, valid against its definition's schema at `version`. */
  readonly payload: TPayload
}

/** The envelope's JSON keys in their stable serialisation order. */
export const ENVELOPE_FIELDS: readonly (keyof EventEnvelope)[] = [
  'id',
  'type',
  'version',
  'tenantId',
  'actorId',
  'aggregateType',
  'aggregateId',
  'correlationId',
  'causationId',
  'traceId',
  'occurredAt',
  'payload',
]

/** Who, for which tenant and in which chain or trace an event is being written. */
export interface EventContext {
  /** Tenant id (non-nil UUID). */
  readonly tenantId: string
  /** Acting user or system actor; omitted or `null` for the system. */
  readonly actorId?: string | null
  /** Chain to join (a UUID); omitted starts a new chain whose id is the new event's id. */
  readonly correlationId?: string | null
  /** Direct cause (an event or command id, a UUID). */
  readonly causationId?: string | null
  /** W3C trace id of the current span, if any. */
  readonly traceId?: string | null
}

/** Injectable clock and id source of {@link createEnvelope}. */
export interface CreateEnvelopeOptions {
  /** Clock; defaults to the system clock. */
  readonly now?: () => Date
  /** Id source; defaults to `uuidv7`. */
  readonly newId?: () => string
}

const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
const OCCURRED_AT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/
const REF_MAX_BYTES = 255

const TraceIdSchema = v.pipe(
  v.string('must be a string'),
  v.regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits (W3C trace id)'),
  v.notValue('0'.repeat(32), 'must not be all zeros'),
)

/**
 * A UUID in its canonical lowercase form. The ids an envelope carries are `uuid` columns in the
 * outbox and parts of its per-aggregate lock key, so `ABC…` and `abc…` must be one id everywhere.
 */
const CanonicalUuid = v.pipe(
  v.string('must be a string'),
  v.uuid('must be a UUID'),
  v.toLowerCase(),
)
const CanonicalTenantId = v.pipe(nonNilUuid(), v.toLowerCase())

const ContextSchema = v.object({
  tenantId: CanonicalTenantId,
  actorId: v.nullish(nonEmptyText(REF_MAX_BYTES)),
  correlationId: v.nullish(CanonicalUuid),
  causationId: v.nullish(CanonicalUuid),
  traceId: v.nullish(TraceIdSchema),
})

const EnvelopeSchema = v.object({
  id: v.pipe(nonNilUuid(), v.toLowerCase()),
  type: v.pipe(
    v.string('must be a string'),
    v.regex(EVENT_TYPE_PATTERN, 'must be a dotted event type'),
  ),
  version: v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be an integer'),
    v.minValue(1, 'must be ≥ 1'),
  ),
  tenantId: CanonicalTenantId,
  actorId: v.nullable(nonEmptyText(REF_MAX_BYTES)),
  aggregateType: nonEmptyText(64),
  aggregateId: nonEmptyText(REF_MAX_BYTES),
  correlationId: CanonicalUuid,
  causationId: v.nullable(CanonicalUuid),
  traceId: v.nullable(TraceIdSchema),
  occurredAt: v.pipe(
    v.string('must be a string'),
    v.regex(OCCURRED_AT_PATTERN, 'must be an ISO-8601 UTC timestamp'),
    v.check((value) => !Number.isNaN(Date.parse(value)), 'must be a real date'),
  ),
  payload: v.looseObject({}, 'must be an object'),
})

/**
 * Validates `payload` against the definition's schema and `context` (tenant id, trace id), then
 * wraps the payload in a new envelope. Throws `INVALID_EVENT` with dot-path issues
 * (`payload.nodeId`, `tenantId`, `correlationId`) — nothing invalid ever reaches the outbox. The
 * tenant, correlation and causation ids are UUIDs and come out in lowercase.
 *
 * @example
 * ```ts
 * const envelope = createEnvelope(tenantCreated, { tenantId }, { tenantId, actorId: userId })
 * envelope.correlationId === envelope.id // a new chain
 * ```
 */
// The fourth argument is an optional dependency bag (clock, ids), not data: the call stays 3-ary.
// eslint-disable-next-line max-params
export function createEnvelope<TType extends string, TPayload>(
  definition: EventDefinition<TType, TPayload>,
  payload: NoInfer<TPayload>,
  context: EventContext,
  { now = () => new Date(), newId = uuidv7 }: CreateEnvelopeOptions = {},
): EventEnvelope<TPayload, TType> {
  const checkedPayload = v.safeParse(definition.schema, payload)
  const checkedContext = v.safeParse(ContextSchema, context)
  const issues = [
    ...(checkedPayload.success ? [] : toIssues(checkedPayload.issues, 'payload')),
    ...(checkedContext.success ? [] : toIssues(checkedContext.issues)),
  ]
  if (!checkedPayload.success || !checkedContext.success)
    throw invalidEvent(definition.type, issues)
  const id = newId()
  const ctx = checkedContext.output
  return {
    id,
    type: definition.type,
    version: definition.version,
    tenantId: ctx.tenantId,
    actorId: ctx.actorId ?? null,
    aggregateType: definition.aggregateType,
    aggregateId: definition.aggregateId(checkedPayload.output),
    correlationId: ctx.correlationId ?? id,
    causationId: ctx.causationId ?? null,
    traceId: ctx.traceId ?? null,
    occurredAt: now().toISOString(),
    payload: checkedPayload.output,
  }
}

/**
 * The context for an event caused by `parent`: same tenant, chain and trace, with
 * `causationId = parent.id`. The actor is not inherited: a reaction is done by the system unless
 * you name who.
 *
 * @example
 * ```ts
 * const reaction = createEnvelope(indexUpdated, payload, causedBy(nodeCreatedEnvelope))
 * ```
 */
export function causedBy(parent: EventEnvelope, actorId?: string | null): EventContext {
  return {
    tenantId: parent.tenantId,
    actorId: actorId ?? null,
    correlationId: parent.correlationId,
    causationId: parent.id,
    traceId: parent.traceId,
  }
}

/** Serialises an envelope to JSON with the stable key order of {@link ENVELOPE_FIELDS}. */
export function serializeEnvelope(envelope: EventEnvelope): string {
  const ordered: Record<string, unknown> = {}
  for (const field of ENVELOPE_FIELDS) ordered[field] = envelope[field]
  return JSON.stringify(ordered)
}

/**
 * Checks that an already-decoded value (e.g. a `jsonb` column) is an envelope. The payload is
 * only checked to be an object: decode it with `EventCatalog.decode`, which upcasts and validates.
 * Unknown envelope keys are dropped; ids come out in lowercase. Throws `INVALID_EVENT`.
 */
export function validateEnvelope(value: unknown): EventEnvelope {
  const result = v.safeParse(EnvelopeSchema, value)
  if (result.success) return result.output
  const type = (value as { type?: unknown } | null)?.type
  throw invalidEvent(typeof type === 'string' ? type : 'unknown', toIssues(result.issues))
}

/** Parses the JSON written by {@link serializeEnvelope} and validates the envelope shape. Throws `INVALID_EVENT`. */
export function parseEnvelope(json: string): EventEnvelope {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    throw invalidEvent('unknown', [{ path: '', message: 'is not valid JSON' }], error)
  }
  return validateEnvelope(value)
}
