import { toJsonSchema as valibotToJsonSchema } from '@valibot/to-json-schema'
import type { JsonSchema } from '@valibot/to-json-schema'
import * as v from 'valibot'
import { CoreEventsError } from './core-events-error'
import type { AnyEventDefinition, EventPayload, EventType } from './define-event'
import { invalidEvent, toIssues } from './internal/issues'

/** An event as stored: its type, the version it was written with and the raw payload. */
export interface StoredEvent {
  /** Dotted event type. */
  readonly type: string
  /** Schema version the payload was written with. */
  readonly version: number
  /** Raw payload as stored. */
  readonly payload: unknown
}

/** A stored event lifted to the current version and validated; narrow it with `switch (event.type)`. */
export type DecodedEvent<TDef extends AnyEventDefinition = AnyEventDefinition> =
  TDef extends AnyEventDefinition
    ? {
        readonly type: EventType<TDef>
        readonly version: number
        readonly payload: EventPayload<TDef>
      }
    : never

/** One entry of {@link EventCatalog.toJsonSchema}. */
export interface EventJsonSchema {
  /** Current schema version. */
  readonly version: number
  /** The definition's description. */
  readonly description: string
  /** Aggregate kind. */
  readonly aggregateType: string
  /** JSON Schema (draft-07) of the current payload. */
  readonly schema: JsonSchema
}

/** Something catalogues can be built from: a catalogue or a module's list of definitions. */
export type EventDefinitionSource<TDef extends AnyEventDefinition = AnyEventDefinition> =
  EventCatalog<TDef> | readonly TDef[]

/** The definitions a source holds: `SourceDefinition<typeof contentEvents>`. */
export type SourceDefinition<TSource> =
  TSource extends EventCatalog<infer TDef>
    ? TDef
    : TSource extends readonly (infer TDef extends AnyEventDefinition)[]
      ? TDef
      : never

/** The set of event types an application knows: lookup, validation, upcasting and schema export. */
export interface EventCatalog<TDef extends AnyEventDefinition = AnyEventDefinition> {
  /** The definition of `type`; throws `UNKNOWN_EVENT_TYPE`. */
  get<TType extends EventType<TDef>>(type: TType): Extract<TDef, { readonly type: TType }>
  get(type: string): TDef
  /** Whether `type` is defined. */
  has(type: string): boolean
  /** Every definition, in registration order. */
  list(): readonly TDef[]
  /** Validates a current-version payload; throws `INVALID_EVENT` (or `UNKNOWN_EVENT_TYPE`). */
  validate<TType extends EventType<TDef>>(
    type: TType,
    payload: unknown,
  ): EventPayload<Extract<TDef, { readonly type: TType }>>
  /**
   * Lifts a stored payload from its version to the current one through the upcasters, then
   * validates it. Throws `UNKNOWN_EVENT_TYPE`, `UNSUPPORTED_VERSION` (stored version < 1, not an
   * integer, or newer than the code) or `INVALID_EVENT`.
   */
  decode(stored: StoredEvent): DecodedEvent<TDef>
  /** JSON Schema of every current payload, keyed by type (keys sorted). */
  toJsonSchema(): Record<string, EventJsonSchema>
  /** A new catalogue with these definitions added; throws `DUPLICATE_EVENT_TYPE` on a clash. */
  merge<TSources extends readonly EventDefinitionSource[]>(
    ...sources: TSources
  ): EventCatalog<TDef | SourceDefinition<TSources[number]>>
}

/**
 * Converts a payload schema to JSON Schema (draft-07). Custom checks that JSON Schema cannot say
 * (cross-field rules) are left out; `maxBytes(n)` becomes `maxLength: n`, which is implied by it.
 */
export function payloadJsonSchema(definition: AnyEventDefinition): JsonSchema {
  return valibotToJsonSchema(definition.schema, {
    errorMode: 'ignore',
    overrideAction: ({ valibotAction, jsonSchema }) =>
      valibotAction.type === 'max_bytes' &&
      'requirement' in valibotAction &&
      typeof valibotAction.requirement === 'number'
        ? { ...jsonSchema, maxLength: valibotAction.requirement }
        : undefined,
  })
}

function definitionsOf(source: EventDefinitionSource): readonly AnyEventDefinition[] {
  return Array.isArray(source)
    ? (source as readonly AnyEventDefinition[])
    : (source as EventCatalog).list()
}

function upcast(definition: AnyEventDefinition, version: number, payload: unknown): unknown {
  let current = payload
  for (let from = version; from < definition.version; from += 1) {
    const step = definition.upcasters[from]
    if (step === undefined) {
      throw new CoreEventsError(
        'UNSUPPORTED_VERSION',
        `No upcaster for "${definition.type}" from version ${from} to ${from + 1}`,
      )
    }
    try {
      current = step(current)
    } catch (error) {
      throw invalidEvent(
        definition.type,
        [{ path: 'payload', message: `upcaster v${from} failed` }],
        error,
      )
    }
  }
  return current
}

/**
 * Builds a catalogue from one or more modules' definition lists (or catalogues). Two definitions
 * with the same type throw `DUPLICATE_EVENT_TYPE`.
 *
 * @example
 * ```ts
 * const catalog = createEventCatalog(tenancyEvents, contentEvents, commerceEvents)
 * const { payload } = catalog.decode({ type: row.type, version: row.version, payload: row.payload })
 * ```
 */
export function createEventCatalog<const TSources extends readonly EventDefinitionSource[]>(
  ...sources: TSources
): EventCatalog<SourceDefinition<TSources[number]>> {
  const all = sources.flatMap((source) => definitionsOf(source))
  return buildCatalog(all) as EventCatalog<SourceDefinition<TSources[number]>>
}

type TDef = AnyEventDefinition

function buildCatalog(all: readonly TDef[]): EventCatalog {
  const byType = new Map<string, TDef>()
  for (const definition of all) {
    if (byType.has(definition.type)) {
      throw new CoreEventsError(
        'DUPLICATE_EVENT_TYPE',
        `Event type "${definition.type}" is defined twice`,
      )
    }
    byType.set(definition.type, definition)
  }
  const definitions = [...byType.values()]

  const get = (type: string): TDef => {
    const definition = byType.get(type)
    if (definition === undefined) {
      throw new CoreEventsError('UNKNOWN_EVENT_TYPE', `Unknown event type "${type}"`)
    }
    return definition
  }

  const check = (definition: TDef, payload: unknown): unknown => {
    const result = v.safeParse(definition.schema, payload)
    if (!result.success) throw invalidEvent(definition.type, toIssues(result.issues, 'payload'))
    return result.output
  }

  const catalog: EventCatalog<TDef> = {
    get,
    has: (type) => byType.has(type),
    list: () => definitions,
    validate: (type, payload) => check(get(type), payload) as never,
    decode: ({ type, version, payload }) => {
      const definition = get(type)
      if (!Number.isSafeInteger(version) || version < 1 || version > definition.version) {
        throw new CoreEventsError(
          'UNSUPPORTED_VERSION',
          `Event "${type}" version ${String(version)} is not supported (current version is ${definition.version})`,
        )
      }
      const lifted = upcast(definition, version, payload)
      return {
        type,
        version: definition.version,
        payload: check(definition, lifted),
      }
    },
    toJsonSchema: () => {
      const result: Record<string, EventJsonSchema> = {}
      for (const definition of [...definitions].sort((a, b) => (a.type < b.type ? -1 : 1))) {
        result[definition.type] = {
          version: definition.version,
          description: definition.description,
          aggregateType: definition.aggregateType,
          schema: payloadJsonSchema(definition),
        }
      }
      return result
    },
    merge: (...others) => createEventCatalog(definitions, ...others),
  }
  return catalog
}
