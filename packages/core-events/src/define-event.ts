import type * as v from 'valibot'
import { CoreEventsError } from './core-events-error'

/** Turns a stored payload of version `n` into the shape of version `n + 1`. */
export type Upcaster = (payload: unknown) => unknown

/** Upcasters keyed by the version they read: `{ 1: v1ToV2, 2: v2ToV3 }`. */
export type Upcasters = Readonly<Record<number, Upcaster>>

/** A valibot object schema (optionally piped) whose output is the payload type. */
export type EventPayloadSchema<TPayload> = v.GenericSchema<unknown, TPayload>

/** What {@link defineEvent} takes. */
export interface DefineEventOptions<TType extends string, TPayload> {
  /** Dotted lowercase name, e.g. `node.created`. */
  readonly type: TType
  /** Current schema version, an integer ≥ 1. */
  readonly version: number
  /** One-line human description, exported with the JSON Schema. */
  readonly description: string
  /** The aggregate kind the event belongs to, e.g. `node`; with the id it keys per-aggregate ordering. */
  readonly aggregateType: string
  /** Valibot object schema of the current version's payload. */
  readonly schema: EventPayloadSchema<TPayload>
  /** Picks the aggregate id from a valid payload (used by the outbox for per-aggregate order). */
  readonly aggregateId: (payload: TPayload) => string
  /** One upcaster for every version `1 .. version - 1`. */
  readonly upcasters?: Upcasters
}

/** A validated, immutable event definition: one entry of an event catalogue. */
export interface EventDefinition<TType extends string = string, TPayload = unknown> {
  /** Dotted lowercase name, e.g. `node.created`. */
  readonly type: TType
  /** Current schema version. */
  readonly version: number
  /** One-line human description. */
  readonly description: string
  /** The aggregate kind the event belongs to. */
  readonly aggregateType: string
  /** Valibot schema of the current version's payload. */
  readonly schema: EventPayloadSchema<TPayload>
  /**
   * Picks the aggregate id from a valid payload. Declared as a method so that a definition of a
   * specific payload is still an {@link AnyEventDefinition} (method parameters are bivariant).
   */
  aggregateId(payload: TPayload): string
  /** Upcasters keyed by the version they read. */
  readonly upcasters: Upcasters
}

/** Any event definition, whatever its type and payload. */
export type AnyEventDefinition = EventDefinition<string, unknown>

/** The payload type of an event definition. */
export type EventPayload<TDef> =
  TDef extends EventDefinition<string, infer TPayload> ? TPayload : never

/** The dotted type name of an event definition. */
export type EventType<TDef> = TDef extends EventDefinition<infer TType, unknown> ? TType : never

const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
const AGGREGATE_TYPE_PATTERN = /^[a-z][a-z0-9_]*$/
const OBJECT_SCHEMA_TYPES = new Set(['object', 'loose_object', 'strict_object', 'object_with_rest'])

function fail(type: unknown, reason: string): never {
  throw new CoreEventsError(
    'INVALID_DEFINITION',
    `Invalid event definition "${String(type)}": ${reason}`,
  )
}

function checkUpcasters(type: string, version: number, upcasters: Upcasters): void {
  for (let from = 1; from < version; from += 1) {
    if (typeof upcasters[from] !== 'function')
      fail(type, `missing upcaster from version ${from} to ${from + 1}`)
  }
  for (const key of Object.keys(upcasters)) {
    const from = Number(key)
    if (!Number.isInteger(from) || from < 1 || from >= version) {
      fail(type, `upcaster key "${key}" must be a version in 1..${version - 1}`)
    }
  }
}

/**
 * Defines one event type: name, current schema version, payload schema, aggregate id and the
 * upcasters that lift older stored payloads to the current version. Broken definitions throw
 * `INVALID_DEFINITION` at once (module load), not when the first event is written.
 *
 * @example
 * ```ts
 * export const nodeDeleted: EventDefinition<'node.deleted', NodeDeletedPayload> = defineEvent({
 *   type: 'node.deleted',
 *   version: 1,
 *   description: 'A content node was deleted.',
 *   aggregateType: 'node',
 *   schema: v.object({ nodeId: nonNilUuid(), kind: kindName() }),
 *   aggregateId: (payload) => payload.nodeId,
 * })
 * ```
 */
export function defineEvent<const TType extends string, TPayload>(
  options: DefineEventOptions<TType, TPayload>,
): EventDefinition<TType, TPayload> {
  const { type, version, description, aggregateType, schema, upcasters = {} } = options
  if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type)) {
    fail(type, 'type must be dotted lowercase, e.g. "node.created"')
  }
  if (!Number.isSafeInteger(version) || version < 1) fail(type, 'version must be an integer ≥ 1')
  if (typeof description !== 'string' || description.trim() === '')
    fail(type, 'description is required')
  if (typeof aggregateType !== 'string' || !AGGREGATE_TYPE_PATTERN.test(aggregateType)) {
    fail(type, 'aggregateType must be a lowercase snake_case name')
  }
  if (
    typeof schema !== 'object' ||
    !OBJECT_SCHEMA_TYPES.has((schema as { type?: string }).type ?? '')
  ) {
    fail(type, 'schema must be a valibot object schema')
  }
  if (typeof options.aggregateId !== 'function') fail(type, 'aggregateId must be a function')
  checkUpcasters(type, version, upcasters)
  return Object.freeze({
    type,
    version,
    description,
    aggregateType,
    schema,
    aggregateId: options.aggregateId,
    upcasters: Object.freeze({ ...upcasters }),
  })
}
