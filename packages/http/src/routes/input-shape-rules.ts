import type { FieldError } from '../errors/problem'
import type { RequestPart } from '../errors/request-validation-error'
import { fieldPath, INPUT_LIMITS } from './input-text-rules'

/** The parts of a valibot schema this walk reads; every schema has `type`. */
interface SchemaNode {
  readonly type: string
  readonly entries?: Readonly<Record<string, SchemaNode>>
  readonly rest?: SchemaNode
  readonly value?: SchemaNode
  readonly item?: SchemaNode
  readonly items?: readonly SchemaNode[]
  readonly wrapped?: SchemaNode
  readonly options?: readonly SchemaNode[]
  readonly getter?: (input: unknown) => SchemaNode
}

const OBJECTS = new Set(['object', 'loose_object', 'strict_object', 'object_with_rest', 'record'])
const ARRAYS = new Set(['array', 'tuple', 'loose_tuple', 'strict_tuple', 'tuple_with_rest'])
const FREE_FORM = new Set(['unknown', 'any'])
const WRAPPERS = new Set([
  'optional',
  'exact_optional',
  'nullable',
  'nullish',
  'undefinedable',
  'non_optional',
  'non_nullable',
  'non_nullish',
])

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function unwrap(schema: SchemaNode, value: unknown): SchemaNode {
  let node = schema
  // Bounded: each step removes one wrapper or resolves one lazy schema for this value.
  for (let step = 0; step < 16; step++) {
    if (WRAPPERS.has(node.type) && node.wrapped) node = node.wrapped
    else if (node.type === 'lazy' && node.getter) node = node.getter(value)
    else break
  }
  return node
}

/** Whether a schema (or one option of a union) takes an array. */
function takesArrays(schema: SchemaNode, value: unknown): boolean {
  const node = unwrap(schema, value)
  if (ARRAYS.has(node.type) || FREE_FORM.has(node.type)) return true
  if (node.type === 'union' || node.type === 'variant' || node.type === 'intersect') {
    return (node.options ?? []).some((option) => takesArrays(option, value))
  }
  // A schema this walk does not know (custom, instance, …): assume it may take arrays.
  return !OBJECTS.has(node.type) && !['string', 'number', 'boolean', 'picklist'].includes(node.type)
}

function jsonBytes(value: unknown): number {
  // Safe: the text rules bounded the depth before this runs.
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
}

interface Walk {
  readonly part: RequestPart
  readonly errors: FieldError[]
}

/** A value and where it is: the keys from the part's root. */
interface At {
  readonly value: unknown
  readonly keys: readonly (string | number)[]
}

function freeForm(walk: Walk, { value, keys }: At): void {
  if (value === undefined) return
  const bytes = jsonBytes(value)
  if (bytes > INPUT_LIMITS.maxFreeFormBytes) {
    walk.errors.push({
      path: fieldPath(walk.part, keys),
      message: `Too large: at most ${INPUT_LIMITS.maxFreeFormBytes} bytes of JSON (got ${bytes})`,
    })
  }
}

function visit(walk: Walk, schema: SchemaNode, at: At): void {
  const { value, keys } = at
  if (walk.errors.length >= INPUT_LIMITS.maxErrors) return
  const node = unwrap(schema, value)
  if (FREE_FORM.has(node.type)) return freeForm(walk, at)
  if (OBJECTS.has(node.type) || node.type === 'union' || node.type === 'variant') {
    if (Array.isArray(value) && !takesArrays(node, value)) {
      walk.errors.push({
        path: fieldPath(walk.part, keys),
        message: 'Expected an object, not an array',
      })
      return
    }
  }
  if (!isPlainObject(value) && !Array.isArray(value)) return
  switch (node.type) {
    case 'record': {
      const inner = node.value ? unwrap(node.value, undefined) : undefined
      // A record of anything is one free-form field: measured as a whole.
      if (inner === undefined || FREE_FORM.has(inner.type)) return freeForm(walk, at)
      for (const [key, child] of Object.entries(value)) {
        if (node.value) visit(walk, node.value, { value: child, keys: [...keys, key] })
      }
      return
    }
    case 'object':
    case 'loose_object':
    case 'strict_object':
    case 'object_with_rest': {
      if (!isPlainObject(value)) return
      for (const [key, child] of Object.entries(value)) {
        const entry = Object.hasOwn(node.entries ?? {}, key) ? node.entries?.[key] : node.rest
        // Keys the schema does not name are dropped (or refused) by the schema itself.
        if (entry) visit(walk, entry, { value: child, keys: [...keys, key] })
      }
      return
    }
    case 'array':
      if (Array.isArray(value) && node.item) {
        const { item } = node
        value.forEach((child, index) => visit(walk, item, { value: child, keys: [...keys, index] }))
      }
      return
    case 'intersect':
      for (const option of node.options ?? []) visit(walk, option, at)
      return
    default:
      // Tuples and unions are left to the schema: which item or option applies is its business.
      return
  }
}

/**
 * Checks a request part's parsed JSON against the shape of its valibot schema where valibot
 * itself is lenient: an array where an object (or record) is declared is refused (valibot's object
 * and record schemas take arrays, so `[]` would be an empty patch and `["x"]` a record `{"0":"x"}`),
 * and every free-form field (a record of unknown values, or an unknown value) is held to
 * {@link INPUT_LIMITS}`.maxFreeFormBytes`. Run after `inputTextErrors`, which bounds the depth.
 *
 * @example
 * ```ts
 * inputShapeErrors(v.object({ a: v.optional(v.string()) }), [], 'body')
 * // [{ path: 'body', message: 'Expected an object, not an array' }]
 * ```
 */
export function inputShapeErrors(schema: unknown, value: unknown, part: RequestPart): FieldError[] {
  const walk: Walk = { part, errors: [] }
  visit(walk, schema as SchemaNode, { value, keys: [] })
  return walk.errors
}
