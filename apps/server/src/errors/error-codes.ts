import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Every stable error code the API answers with. The shared vocabulary first, then HTTP-layer
 * codes, then the specific codes of the package error classes (`CoreAuthError`, `CoreDbError`,
 * `CoreEventsError`, …) and `ConfigError`.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PRECONDITION_FAILED'
  | 'INTERNAL'
  | 'BAD_REQUEST'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_ACCEPTABLE'
  | 'GONE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED'
  | 'NOT_IMPLEMENTED'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'TOKEN_REUSED'
  | 'UNKNOWN_MIGRATION'
  | 'MIGRATION_FAILED'
  | 'OUTER_DB_IN_TRANSACTION'
  | 'INVALID_EVENT'
  | 'UNKNOWN_EVENT_TYPE'
  | 'UNSUPPORTED_VERSION'
  | 'DUPLICATE_EVENT_TYPE'
  | 'INVALID_DEFINITION'
  | 'HANDLER_PERMANENT'
  | 'HANDLER_TRANSIENT'
  | 'DUPLICATE_HANDLER'
  | 'QUEUE_FULL'
  | 'CLOSED'
  | 'LISTENER_FAILED'
  | 'INVALID_CONFIG'

/** What the API answers for one {@link ErrorCode} (requirement D1). */
export interface ErrorCodeInfo {
  readonly status: ContentfulStatusCode
  /** Short, stable, human-readable summary; the problem's `title`. */
  readonly title: string
  /** Whether the same request may succeed later unchanged (after `Retry-After` when sent). */
  readonly retryable: boolean
}

const row = (status: ContentfulStatusCode, title: string, retryable = false): ErrorCodeInfo => ({
  status,
  title,
  retryable,
})

/**
 * The one table from error code to HTTP status, title and retry flag (trpc's `rpc/codes.ts`).
 *
 * 400 versus 422: `INVALID_INPUT` (400) is input that fails its schema or a package's input
 * check, answered with field `errors`; `BAD_REQUEST` (400) is a request that cannot be read at
 * all (broken JSON, a bad header). 422 is kept for requests that are well-formed and valid but
 * cannot be applied as sent: `UNPROCESSABLE`, and `IDEMPOTENCY_KEY_REUSED` (a known
 * `Idempotency-Key` with a different body). Clients fix a 400 by fixing the request's shape.
 *
 * Internal failures (migrations, event definitions, listeners) are 500 and never retryable; the
 * event dispatcher's back-pressure (`QUEUE_FULL`, `HANDLER_TRANSIENT`) is 503 and retryable;
 * `CLOSED` is 503 but not retryable against the same process, which is shutting down.
 */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  NOT_FOUND: row(404, 'Not Found'),
  CONFLICT: row(409, 'Conflict'),
  INVALID_INPUT: row(400, 'Invalid Input'),
  UNAUTHORIZED: row(401, 'Unauthorized'),
  FORBIDDEN: row(403, 'Forbidden'),
  PRECONDITION_FAILED: row(412, 'Precondition Failed'),
  INTERNAL: row(500, 'Internal Server Error'),
  BAD_REQUEST: row(400, 'Bad Request'),
  METHOD_NOT_ALLOWED: row(405, 'Method Not Allowed'),
  NOT_ACCEPTABLE: row(406, 'Not Acceptable'),
  GONE: row(410, 'Gone'),
  PAYLOAD_TOO_LARGE: row(413, 'Content Too Large'),
  UNSUPPORTED_MEDIA_TYPE: row(415, 'Unsupported Media Type'),
  UNPROCESSABLE: row(422, 'Unprocessable Content'),
  IDEMPOTENCY_KEY_REUSED: row(422, 'Idempotency Key Reused With Another Request'),
  RATE_LIMITED: row(429, 'Too Many Requests', true),
  NOT_IMPLEMENTED: row(501, 'Not Implemented'),
  SERVICE_UNAVAILABLE: row(503, 'Service Unavailable', true),
  TIMEOUT: row(504, 'Timeout', true),
  TOKEN_REUSED: row(401, 'Refresh Token Reused'),
  UNKNOWN_MIGRATION: row(500, 'Unknown Migration'),
  MIGRATION_FAILED: row(500, 'Migration Failed'),
  OUTER_DB_IN_TRANSACTION: row(500, 'Database Used Outside Its Transaction'),
  INVALID_EVENT: row(400, 'Invalid Event'),
  UNKNOWN_EVENT_TYPE: row(400, 'Unknown Event Type'),
  UNSUPPORTED_VERSION: row(400, 'Unsupported Event Version'),
  DUPLICATE_EVENT_TYPE: row(500, 'Duplicate Event Type'),
  INVALID_DEFINITION: row(500, 'Invalid Definition'),
  HANDLER_PERMANENT: row(500, 'Handler Failed Permanently'),
  HANDLER_TRANSIENT: row(503, 'Handler Temporarily Failed', true),
  DUPLICATE_HANDLER: row(500, 'Duplicate Handler'),
  QUEUE_FULL: row(503, 'Queue Full', true),
  CLOSED: row(503, 'Closed'),
  LISTENER_FAILED: row(500, 'Listener Failed'),
  INVALID_CONFIG: row(500, 'Invalid Configuration'),
}

/** Whether a string is one of the {@link ERROR_CODES}. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)
}

/**
 * Looks a code up in {@link ERROR_CODES}; any other value resolves to `INTERNAL` (500), so an
 * unknown code never picks its own status.
 *
 * @example
 * ```ts
 * errorCodeInfo('QUEUE_FULL') // { code: 'QUEUE_FULL', status: 503, title: 'Queue Full', retryable: true }
 * errorCodeInfo('E_WHATEVER').status // 500
 * ```
 */
export function errorCodeInfo(code: unknown): ErrorCodeInfo & { readonly code: ErrorCode } {
  const known = isErrorCode(code) ? code : 'INTERNAL'
  return { code: known, ...ERROR_CODES[known] }
}

// The first row with each status wins; INVALID_INPUT is skipped so that a bare 400 is BAD_REQUEST.
const CODE_BY_STATUS: ReadonlyMap<number, ErrorCode> = new Map(
  (Object.keys(ERROR_CODES) as ErrorCode[])
    .filter((code) => code !== 'INVALID_INPUT')
    .map((code) => [ERROR_CODES[code].status, code] as const)
    .reverse(),
)

/**
 * The code for an HTTP status that came without one (e.g. a Hono `HTTPException`): 400 is
 * `BAD_REQUEST`, 413 `PAYLOAD_TOO_LARGE`, …; statuses outside the table become `BAD_REQUEST` (4xx)
 * or `INTERNAL` (5xx).
 */
export function errorCodeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS.get(status) ?? (status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL')
}
