import * as v from 'valibot'
import type { FieldError } from './problem'

/** The part of a request a validated value came from; the first segment of a field path. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers' | 'cookies'

/**
 * Flattens valibot issues to field errors with dot paths (changesets' `config/src/parse.ts`),
 * prefixed with the request part: `body.email`, `query.limit`, `body.items.0.sku`.
 *
 * @example
 * ```ts
 * const result = v.safeParse(LoginSchema, await c.req.json())
 * if (!result.success) fieldErrorsFromIssues(result.issues, 'body') // [{ path: 'body.email', … }]
 * ```
 */
export function fieldErrorsFromIssues(
  issues: readonly v.BaseIssue<unknown>[],
  prefix?: RequestPart,
): FieldError[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue) ?? ''
    const full = prefix === undefined ? path : path === '' ? prefix : `${prefix}.${path}`
    return { path: full, message: issue.message }
  })
}

/**
 * A request failed its schema: answered as 400 `INVALID_INPUT` with field `errors`. Thrown by
 * route validation (requirement A5); the error handler recognises it by `name` and `code`.
 */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError'
  readonly code = 'INVALID_INPUT' as const
  /** Every invalid field, with dot paths such as `body.email`. */
  readonly errors: readonly FieldError[]

  constructor(errors: readonly FieldError[], options?: { cause?: unknown }) {
    super(
      `Invalid request: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`,
      options,
    )
    this.errors = errors
  }
}

/**
 * Builds a {@link RequestValidationError} from valibot issues of one request part.
 *
 * @example
 * ```ts
 * const result = v.safeParse(QuerySchema, c.req.query())
 * if (!result.success) throw requestValidationError('query', result.issues)
 * ```
 */
export function requestValidationError(
  part: RequestPart,
  issues: readonly v.BaseIssue<unknown>[],
): RequestValidationError {
  return new RequestValidationError(fieldErrorsFromIssues(issues, part))
}
