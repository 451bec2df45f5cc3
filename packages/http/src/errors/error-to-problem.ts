import { isDatabaseUnavailable } from '@rustok/core-db'
import { HTTPException } from 'hono/http-exception'
import type { BaseIssue } from 'valibot'
import type { ErrorCatalog } from './error-catalog'
import { ERROR_CODES, errorCodeForStatus } from './error-codes'
import type { FieldError, ProblemInit } from './problem'
import { fieldErrorsFromIssues } from './request-validation-error'

/** How an error is answered and whether it is logged. */
export interface ErrorProblem {
  /** The problem, without trace id and instance (the response fills those in). */
  readonly init: ProblemInit
  /** Extra response headers, e.g. `WWW-Authenticate` from an `HTTPException`'s response. */
  readonly headers: Readonly<Record<string, string>>
  /** `error` for failures of the server, `warn` for retryable ones, `none` for the caller's. */
  readonly log: 'error' | 'warn' | 'none'
}

const INTERNAL: ErrorProblem = { init: { code: 'INTERNAL' }, headers: {}, log: 'error' }

// Logged at warn, with the driver's message in the logged error; the answer carries none of it.
// One second: a refused connection fails fast, and most outages (a restart, a failover) are short.
const DATABASE_UNAVAILABLE: ErrorProblem = {
  init: { code: 'DATABASE_UNAVAILABLE' },
  headers: { 'Retry-After': '1' },
  log: 'warn',
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

function logLevel(status: number, retryable: boolean): ErrorProblem['log'] {
  if (status < 500) return 'none'
  return retryable ? 'warn' : 'error'
}

/** Keeps well-formed `{ path, message }` entries of a package error's `issues` or `errors`. */
function fieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined
  return value.flatMap((item: unknown) =>
    isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  )
}

function fromHttpException(error: HTTPException): ErrorProblem {
  const code = errorCodeForStatus(error.status)
  const { status, retryable } = ERROR_CODES[code]
  const headers: Record<string, string> = {}
  error.res?.headers.forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length') headers[name] = value
  })
  const detail = status < 500 && error.message !== '' ? error.message : undefined
  return { init: { code, detail }, headers, log: logLevel(status, retryable) }
}

/**
 * Decides the problem for a thrown value, recognising errors by `name` and `code` (never
 * `instanceof` across packages): errors whose name the catalogue trusts map through its codes (an
 * unknown code is 500); Hono's `HTTPException` keeps its status; valibot's `ValiError` is 400
 * `INVALID_INPUT` with field errors. A value that would be a non-retryable 5xx but says the
 * database cannot be reached (`isDatabaseUnavailable`: a refused or lost connection, a shut-down
 * server, a pool timeout, a closed PGlite; also as a `cause`) is 503 `DATABASE_UNAVAILABLE` with
 * `Retry-After`. Anything else is 500 `INTERNAL`. Below 500 the error's message becomes the
 * `detail`; from 500 up nothing of the error is shown.
 *
 * @example
 * ```ts
 * errorToProblem(new CoreTenantError('NOT_FOUND', 'no tenant acme'), catalog)
 * // { init: { code: 'NOT_FOUND', detail: 'no tenant acme' }, headers: {}, log: 'none' }
 * ```
 */
export function errorToProblem(error: unknown, catalog: ErrorCatalog): ErrorProblem {
  const decided = decide(error, catalog)
  // Only what would be a plain server failure: a caller's error or a retryable code stays as it is.
  return decided.log === 'error' && isDatabaseUnavailable(error) ? DATABASE_UNAVAILABLE : decided
}

function decide(error: unknown, catalog: ErrorCatalog): ErrorProblem {
  if (error instanceof HTTPException) return fromHttpException(error)
  if (!isRecord(error) || typeof error.name !== 'string') return INTERNAL
  if (error.name === 'ValiError' && Array.isArray(error.issues)) {
    const errors = fieldErrorsFromIssues(error.issues as BaseIssue<unknown>[])
    return { init: { code: 'INVALID_INPUT', errors }, headers: {}, log: 'none' }
  }
  if (error.name === 'BodyLimitError') {
    return { init: { code: 'PAYLOAD_TOO_LARGE' }, headers: {}, log: 'none' }
  }
  if (!catalog.errorNames.has(error.name) || typeof error.code !== 'string') return INTERNAL
  const { code, status, title, retryable } = catalog.info(error.code)
  const log = logLevel(status, retryable)
  const row = { code, status, title, retryable }
  if (log !== 'none') return { init: row, headers: {}, log }
  const detail =
    typeof error.message === 'string' && error.message !== '' ? error.message : undefined
  const errors = fieldErrors(error.errors) ?? fieldErrors(error.issues)
  return { init: { ...row, detail, errors }, headers: {}, log }
}
