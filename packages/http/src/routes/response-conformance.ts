import * as v from 'valibot'
import { PROBLEM_CONTENT_TYPE } from '../errors/problem'
import { problemDetailsSchema } from '../openapi/problem-responses'
import type { Route } from './route-definition'
import { createRouteMatcher } from './route-matcher'

/** What {@link createResponseChecker} takes. */
export interface ResponseCheckerOptions {
  readonly routes: readonly Route[]
  /** Every error code the app answers with (its `ErrorCatalog`'s codes). */
  readonly errorCodes: readonly string[]
}

/**
 * Checks one response against what its route declares; returns what does not match, empty when
 * it conforms. The body is read from a clone: the response stays readable.
 */
export type ResponseChecker = (
  request: { readonly method: string; readonly path: string },
  response: Response,
) => Promise<string[]>

const isJsonType = (type: string | null): boolean =>
  type !== null && /^application\/([\w.+-]+\+)?json\b/i.test(type)

/** A media type without its parameters, lower case: `text/plain`. */
const essence = (type: string | null): string =>
  (type ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

function issuesOf(schema: v.GenericSchema, value: unknown): string[] {
  const result = v.safeParse(schema, value)
  if (result.success) return []
  return result.issues
    .slice(0, 5)
    .map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`)
}

async function readJson(response: Response): Promise<{ value: unknown } | string> {
  const text = await response.clone().text()
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return `the body is not JSON: ${text.slice(0, 80)}`
  }
}

/**
 * Creates a checker of responses against the routes' declarations, for tests: run every response
 * of a test app through it and every route test becomes a conformance test of the documented API.
 *
 * - An error status (4xx, 5xx), declared or not, must be `application/problem+json` matching the
 *   problem details schema, with the response's status and a code of the catalogue.
 * - Any other status must be declared by the route; with a schema, the body must be JSON that
 *   matches it; with neither schema nor content type, the body must be empty.
 *
 * @example
 * ```ts
 * const check = createResponseChecker({ routes, errorCodes: catalog.codes })
 * expect(await check({ method: 'GET', path: '/api/auth/me' }, response)).toEqual([])
 * ```
 */
export function createResponseChecker(options: ResponseCheckerOptions): ResponseChecker {
  const matcher = createRouteMatcher(options.routes)
  const problemSchema = problemDetailsSchema(options.errorCodes)
  return async ({ method, path }, response) => {
    const { status } = response
    const type = response.headers.get('content-type')
    const route = matcher.match(method, path)
    const head = method.toUpperCase() === 'HEAD'
    if (status >= 400) {
      if (type?.split(';')[0] !== PROBLEM_CONTENT_TYPE) return [`${status} sent as ${type}`]
      if (head) return []
      const read = await readJson(response)
      if (typeof read === 'string') return [read]
      const problems = issuesOf(problemSchema, read.value)
      const sent = (read.value as { status?: unknown }).status
      if (sent !== status) problems.push(`problem status ${String(sent)} on a ${status} response`)
      return problems
    }
    if (!route) return [`${status} from no declared route`]
    const declared = route.responses[status]
    if (!declared) return [`status ${status} is not declared by ${route.operationId}`]
    const { schema, contentType } = declared
    if (head) return []
    if (!schema && !contentType) {
      const text = await response.clone().text()
      return text === '' ? [] : [`${status} has no declared body but sent ${text.slice(0, 80)}`]
    }
    const declaredTypes = typeof contentType === 'string' ? [contentType] : (contentType ?? [])
    if (declaredTypes.length > 0 && !declaredTypes.some(isJsonType)) {
      const sent = essence(type)
      return declaredTypes.some((declaredType) => essence(declaredType) === sent)
        ? []
        : [`sent ${type}, declared ${declaredTypes.join(' or ')}`]
    }
    if (!isJsonType(type)) return [`sent ${type}, declared JSON`]
    const read = await readJson(response)
    if (typeof read === 'string') return [read]
    return schema ? issuesOf(schema, read.value) : []
  }
}
