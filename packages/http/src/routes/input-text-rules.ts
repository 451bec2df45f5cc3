import type { FieldError } from '../errors/problem'
import type { RequestPart } from '../errors/request-validation-error'

/**
 * The limits every request's input is held to at the edge, before any schema reads it (A5). They
 * apply to every route, so no field can forget them.
 */
export const INPUT_LIMITS = {
  /** Deepest nesting of objects and arrays in a JSON body; the body itself is level 1. */
  maxDepth: 32,
  /** Largest free-form JSON field (a record or unknown value, e.g. a tenant's settings), as UTF-8 JSON. */
  maxFreeFormBytes: 65_536,
  /** Field errors reported for one request at most; the first ones found. */
  maxErrors: 20,
} as const

// U+0000 and unpaired surrogates: PostgreSQL refuses both in text and jsonb (a 500 if they
// reached it). With the `u` flag a well-formed pair is one code point and does not match.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u

/** Why a string cannot be stored, or `undefined` when it can. */
export function unstorableText(text: string): string | undefined {
  if (!UNSTORABLE.test(text)) return undefined
  return text.includes('\u0000')
    ? 'Must not contain the NUL character (U+0000)'
    : 'Must be well-formed Unicode text (an unpaired surrogate was found)'
}

/** A field path as `fieldErrorsFromIssues` writes them: `body.settings.theme`, `query.q`. */
export function fieldPath(part: RequestPart, keys: readonly (string | number)[]): string {
  // A key may itself hold the character refused: keep the path printable.
  const shown = keys.map((key) => String(key).replaceAll('\u0000', '\\u0000'))
  return [part, ...shown].join('.')
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null

/**
 * Walks a request part's raw input (JSON or the strings of a query and path) without recursion,
 * so no input can exhaust the stack, and reports every string or key the database could not store
 * and every value nested deeper than {@link INPUT_LIMITS}`.maxDepth`.
 *
 * @example
 * ```ts
 * inputTextErrors({ name: 'a\u0000b' }, 'body') // [{ path: 'body.name', message: 'Must not contain …' }]
 * ```
 */
export function inputTextErrors(value: unknown, part: RequestPart): FieldError[] {
  const errors: FieldError[] = []
  const stack: { value: unknown; keys: (string | number)[] }[] = [{ value, keys: [] }]
  while (stack.length > 0 && errors.length < INPUT_LIMITS.maxErrors) {
    const { value: node, keys } = stack.pop() as (typeof stack)[number]
    if (typeof node === 'string') {
      const message = unstorableText(node)
      if (message) errors.push({ path: fieldPath(part, keys), message })
      continue
    }
    if (!isContainer(node)) continue
    if (keys.length >= INPUT_LIMITS.maxDepth) {
      errors.push({
        path: fieldPath(part, keys),
        message: `Nested too deeply: at most ${INPUT_LIMITS.maxDepth} levels of objects and arrays`,
      })
      continue
    }
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node)
    // Pushed in reverse so that errors come out in document order.
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index] as [string | number, unknown]
      if (typeof key === 'string') {
        const message = unstorableText(key)
        if (message) {
          errors.push({ path: fieldPath(part, [...keys, key]), message: `Key: ${message}` })
        }
      }
      stack.push({ value: child, keys: [...keys, key] })
    }
  }
  return errors.slice(0, INPUT_LIMITS.maxErrors)
}
