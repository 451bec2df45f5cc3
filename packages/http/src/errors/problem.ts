import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { errorCodeInfo } from './error-codes'
import type { ErrorCode } from './error-codes'

/** The media type of RFC 9457 problem details. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** One invalid field, located by a dot path such as `body.email` or `query.limit`. */
export interface FieldError {
  readonly path: string
  readonly message: string
}

/** An RFC 9457 problem details body, with this API's `code`, `traceId` and `errors` extensions. */
export interface ProblemDetails {
  /** Always `about:blank`: clients branch on `code`. */
  readonly type: string
  readonly title: string
  readonly status: number
  /** The stable machine-readable code from `ERROR_CODES`. */
  readonly code: string
  readonly detail?: string
  /** The request path this problem occurred on. */
  readonly instance?: string
  readonly traceId?: string
  /** Present, and `true`, when the same request may succeed later. */
  readonly retryable?: true
  readonly errors?: readonly FieldError[]
}

/** Input of {@link problem}: `status`, `title` and `retryable` default to the code's row. */
export interface ProblemInit {
  /** A shared {@link ErrorCode}, or a module's own code with its row spread in (`defineErrorCodes`). */
  readonly code: ErrorCode | (string & {})
  readonly status?: ContentfulStatusCode
  readonly title?: string
  readonly detail?: string
  readonly errors?: readonly FieldError[]
  readonly traceId?: string
  readonly instance?: string
  readonly retryable?: boolean
}

/**
 * Builds an RFC 9457 problem details body. Members left `undefined` are omitted, and an empty
 * `errors` list is dropped.
 *
 * @example
 * ```ts
 * problem({ code: 'NOT_FOUND', detail: 'No tenant acme.' })
 * // { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', detail: 'No tenant acme.' }
 * ```
 */
export function problem(init: ProblemInit): ProblemDetails {
  // A module's own code comes with its row (status, title, retryable) spread into `init`.
  const row = errorCodeInfo(init.code)
  const retryable = init.retryable ?? row.retryable
  return {
    type: 'about:blank',
    title: init.title ?? row.title,
    status: init.status ?? row.status,
    code: init.code,
    ...(init.detail === undefined ? {} : { detail: init.detail }),
    ...(init.instance === undefined ? {} : { instance: init.instance }),
    ...(init.traceId === undefined ? {} : { traceId: init.traceId }),
    ...(retryable ? { retryable: true as const } : {}),
    ...(init.errors === undefined || init.errors.length === 0 ? {} : { errors: init.errors }),
  }
}

/** The request's trace id, when the trace-context middleware set one. */
export function traceIdOf(c: Context): string | undefined {
  const traceId: unknown = c.get('traceId' as never)
  return typeof traceId === 'string' ? traceId : undefined
}

/**
 * Answers with a problem details body and `Content-Type: application/problem+json`. The trace id
 * (from `c.get('traceId')`) and the request path as `instance` are filled in unless given.
 *
 * @example
 * ```ts
 * app.get('/x', (c) => problemResponse(c, { code: 'FORBIDDEN', detail: 'Needs content.write.' }))
 * ```
 */
export function problemResponse(
  c: Context,
  init: ProblemInit,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const body = problem({
    ...init,
    instance: init.instance ?? c.req.path,
    traceId: init.traceId ?? traceIdOf(c),
  })
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': PROBLEM_CONTENT_TYPE,
  })
}
