import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema'
import type { AnySchema } from '../routes/route-definition'
import type { SchemaObject } from './openapi-types'

/**
 * Which side of a schema to describe. Requests are described as the client sends them (`input`:
 * a query's `limit` is the string `"20"`, before the transform that makes it a number); responses
 * as the server sends them (`output`).
 */
export type SchemaSide = 'input' | 'output'

/** Converts route schemas for one document, collecting shared definitions as components. */
export interface SchemaConverter {
  /** `components.schemas`: the definitions the converted schemas `$ref`. */
  readonly components: Record<string, SchemaObject>
  readonly convert: (schema: AnySchema, side: SchemaSide) => SchemaObject
}

const COMPONENT_REF = '#/components/schemas/'

/**
 * Creates a converter from valibot schemas to OpenAPI 3.1 schema objects (JSON Schema 2020-12).
 * What JSON Schema cannot say (a `check`, a transform, a `custom` schema) is left out rather than
 * failing the document: the schema then accepts more than the route does, never less.
 *
 * Recursive schemas (`v.lazy`) become components: valibot's converter writes them as `$defs` of
 * each schema, and a `#/$defs/…` pointer inside an OpenAPI document would resolve against the
 * document, so they are renamed and moved to `components.schemas`.
 */
export function createSchemaConverter(
  named: Readonly<Record<string, AnySchema>> = {},
): SchemaConverter {
  const components: Record<string, SchemaObject> = {}
  const cache: Record<SchemaSide, WeakMap<AnySchema, SchemaObject>> = {
    input: new WeakMap(),
    output: new WeakMap(),
  }
  let counter = 0

  function run(schema: AnySchema, side: SchemaSide): SchemaObject {
    const names = new Map<string, string>()
    const nameOf = (referenceId: string): string => {
      let name = names.get(referenceId)
      if (name === undefined) {
        name = Object.hasOwn(named, referenceId) ? referenceId : `Recursive${++counter}`
        names.set(referenceId, name)
      }
      return name
    }
    const {
      $defs,
      $schema: _dialect,
      ...json
    } = toJsonSchema(schema, {
      target: 'draft-2020-12',
      typeMode: side,
      errorMode: 'ignore',
      definitions: { ...named },
      overrideRef: ({ referenceId }) => `${COMPONENT_REF}${nameOf(referenceId)}`,
    })
    for (const [referenceId, definition] of Object.entries($defs ?? {})) {
      if (typeof definition === 'object') components[nameOf(referenceId)] ??= definition
    }
    return json
  }

  return {
    components,
    convert(schema, side) {
      const known = cache[side].get(schema)
      if (known) return known
      const json = run(schema, side)
      cache[side].set(schema, json)
      return json
    },
  }
}

/** The JSON Schema type of an object schema's properties, or `undefined` for other schemas. */
export function objectProperties(
  schema: JsonSchema,
): { properties: Record<string, SchemaObject>; required: readonly string[] } | undefined {
  if (schema.type !== 'object' || schema.properties === undefined) return undefined
  const properties: Record<string, SchemaObject> = {}
  for (const [key, value] of Object.entries(schema.properties)) {
    properties[key] = typeof value === 'object' ? value : {}
  }
  return { properties, required: schema.required ?? [] }
}
