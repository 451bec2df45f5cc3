import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * The stable error codes every module shares: the common vocabulary first, then the HTTP layer's
 * codes. A package with codes of its own (`TOKEN_REUSED`, `QUEUE_FULL`, …) contributes them with
 * {@link defineErrorCodes}; the server merges all of them into one {@link ErrorCatalog}.
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
  | 'DATABASE_UNAVAILABLE'
  | 'TIMEOUT'

/** What the API answers for one {@link ErrorCode} (requirement D1). */
export interface ErrorCodeInfo {
  readonly status: ContentfulStatusCode
  /** Short, stable, human-readable summary; the problem's `title`. */
  readonly title: string
  /** Whether the same request may succeed later unchanged (after `Retry-After` when sent). */
  readonly retryable: boolean
}

/** One row of an error-code table. */
export const errorRow = (
  status: ContentfulStatusCode,
  title: string,
  retryable = false,
): ErrorCodeInfo => ({
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
 * `DATABASE_UNAVAILABLE` (503, with `Retry-After`) is a request that failed because the database
 * could not be reached; the same request may succeed once it is back.
 */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  NOT_FOUND: errorRow(404, 'Not Found'),
  CONFLICT: errorRow(409, 'Conflict'),
  INVALID_INPUT: errorRow(400, 'Invalid Input'),
  UNAUTHORIZED: errorRow(401, 'Unauthorized'),
  FORBIDDEN: errorRow(403, 'Forbidden'),
  PRECONDITION_FAILED: errorRow(412, 'Precondition Failed'),
  INTERNAL: errorRow(500, 'Internal Server Error'),
  BAD_REQUEST: errorRow(400, 'Bad Request'),
  METHOD_NOT_ALLOWED: errorRow(405, 'Method Not Allowed'),
  NOT_ACCEPTABLE: errorRow(406, 'Not Acceptable'),
  GONE: errorRow(410, 'Gone'),
  PAYLOAD_TOO_LARGE: errorRow(413, 'Content Too Large'),
  UNSUPPORTED_MEDIA_TYPE: errorRow(415, 'Unsupported Media Type'),
  UNPROCESSABLE: errorRow(422, 'Unprocessable Content'),
  IDEMPOTENCY_KEY_REUSED: errorRow(422, 'Idempotency Key Reused With Another Request'),
  RATE_LIMITED: errorRow(429, 'Too Many Requests', true),
  NOT_IMPLEMENTED: errorRow(501, 'Not Implemented'),
  SERVICE_UNAVAILABLE: errorRow(503, 'Service Unavailable', true),
  // After SERVICE_UNAVAILABLE, so that a bare 503 keeps that code (see CODE_BY_STATUS).
  DATABASE_UNAVAILABLE: errorRow(503, 'Database Unavailable', true),
  TIMEOUT: errorRow(504, 'Timeout', true),
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
 * errorCodeInfo('RATE_LIMITED') // { code: 'RATE_LIMITED', status: 429, title: 'Too Many Requests', retryable: true }
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
