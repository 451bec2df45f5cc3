import * as v from 'valibot'
import { PROBLEM_CONTENT_TYPE } from '../errors/problem'
import type { Route } from '../routes/route-definition'
import type { HeaderObject, ReferenceObject, ResponseObject } from './openapi-types'

const FieldErrorSchema = v.object({
  path: v.pipe(v.string(), v.description('Where: `body.email`, `query.limit`, `params.id`.')),
  message: v.string(),
})

/**
 * RFC 9457 problem details with this API's extensions (mirrors `errors/problem.ts`); `codes` are
 * the app's error catalogue, so the document lists every code a client can meet.
 */
export const problemDetailsSchema = (codes: readonly string[]) =>
  v.pipe(
    v.object({
      type: v.pipe(v.string(), v.description('Always `about:blank`: branch on `code`.')),
      title: v.string(),
      status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
      code: v.pipe(v.picklist(codes), v.description('Stable machine-readable error code.')),
      detail: v.optional(v.string()),
      instance: v.optional(v.pipe(v.string(), v.description('The request path.'))),
      traceId: v.optional(v.pipe(v.string(), v.description('W3C trace id of the request.'))),
      retryable: v.optional(
        v.pipe(v.literal(true), v.description('Present when the same request may succeed later.')),
      ),
      errors: v.optional(
        v.pipe(v.array(FieldErrorSchema), v.description('Invalid fields (INVALID_INPUT).')),
      ),
    }),
    v.description('An error, as RFC 9457 problem details.'),
  )

/** The schemas the document names: `#/components/schemas/<name>`. */
export const namedSchemas = (codes: readonly string[]) => ({
  ProblemDetails: problemDetailsSchema(codes),
  FieldError: FieldErrorSchema,
})

const RATE_LIMIT_HEADERS: Readonly<Record<string, HeaderObject>> = {
  RateLimit: {
    description: 'Remaining requests and seconds to the window reset: `"default";r=42;t=30`.',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'The limit and window in seconds: `"default";q=100;w=60`.',
    schema: { type: 'string' },
  },
  'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
}

/** A problem details response with `description`, for an error status a route declares itself. */
export function declaredProblem(description: string): ResponseObject {
  return problem(description)
}

function problem(description: string, headers?: Readonly<Record<string, HeaderObject>>) {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    },
  } satisfies ResponseObject
}

/** `components.responses`: the problem responses operations refer to, by status. */
export const PROBLEM_RESPONSES = {
  BadRequest: problem(
    'INVALID_INPUT with field `errors` when the input fails its schema or the rules every ' +
      'input obeys (no U+0000 or unpaired surrogate in any string, JSON at most 32 levels deep, ' +
      'an object wherever one is declared, free-form fields at most 64 KiB); BAD_REQUEST when it ' +
      'cannot be read; also when no tenant is named.',
  ),
  Unauthorized: problem('UNAUTHORIZED: no bearer token, or one not valid for this tenant.', {
    'WWW-Authenticate': { description: 'The bearer challenge.', schema: { type: 'string' } },
  }),
  Forbidden: problem('FORBIDDEN: the role lacks the permission, or the tenant is disabled.'),
  NotFound: problem(
    'NOT_FOUND: no such resource for this tenant (another tenant’s id included), an unknown ' +
      'tenant, or a module the tenant has not enabled.',
  ),
  Conflict: problem(
    'CONFLICT: the change conflicts with the current state (a duplicate, say), or a request ' +
      'with the same Idempotency-Key is still running.',
  ),
  PayloadTooLarge: problem(
    'PAYLOAD_TOO_LARGE: the request body is over the server’s limit (`http.bodyLimitBytes`).',
  ),
  UnsupportedMediaType: problem('UNSUPPORTED_MEDIA_TYPE: send the body as application/json.'),
  Unprocessable: problem(
    'UNPROCESSABLE: valid, but cannot be applied as sent; IDEMPOTENCY_KEY_REUSED: the ' +
      'Idempotency-Key was used with a different request.',
  ),
  TooManyRequests: problem('RATE_LIMITED: over the rate limit.', RATE_LIMIT_HEADERS),
  InternalError: problem(
    'INTERNAL: an unexpected error; the detail carries the trace id to report, never internals.',
  ),
  Error: problem(
    'Any other error, as problem details (5xx are retryable when flagged). 503 ' +
      'DATABASE_UNAVAILABLE: the database cannot be reached; retry after `Retry-After` seconds.',
    {
      'Retry-After': {
        description: 'Seconds to wait before retrying; sent with DATABASE_UNAVAILABLE.',
        schema: { type: 'integer' },
      },
    },
  ),
} satisfies Record<string, ResponseObject>

type ProblemName = keyof typeof PROBLEM_RESPONSES

const ref = (name: ProblemName): ReferenceObject => ({ $ref: `#/components/responses/${name}` })

/**
 * The problem responses a route can give because of its chain (ARCHITECTURE.md "One write"):
 * tenant resolution, authentication, the permission, the module guard, validation, idempotency
 * and the rate limit. Statuses the route documents itself are left to it.
 */
export function problemResponsesOf(
  route: Route,
  pathParams: number,
): Record<string, ReferenceObject> {
  const { request, access, tenant, module, idempotent } = route
  const mutating = route.method !== 'get'
  const hasInput = Boolean(request.body ?? request.query ?? request.params) || pathParams > 0
  const entries: [number | 'default', ProblemName, boolean][] = [
    [400, 'BadRequest', hasInput || tenant === 'required'],
    [401, 'Unauthorized', access.kind !== 'public'],
    [403, 'Forbidden', access.kind === 'permission' || tenant === 'required'],
    [404, 'NotFound', tenant === 'required' || module !== undefined || pathParams > 0],
    [409, 'Conflict', mutating || idempotent],
    [413, 'PayloadTooLarge', request.body !== undefined],
    [415, 'UnsupportedMediaType', request.body !== undefined],
    [422, 'Unprocessable', mutating || idempotent],
    [429, 'TooManyRequests', true],
    [500, 'InternalError', true],
    ['default', 'Error', true],
  ]
  const responses: Record<string, ReferenceObject> = {}
  for (const [status, name, applies] of entries) {
    if (applies && !(status in route.responses)) responses[String(status)] = ref(name)
  }
  return responses
}
