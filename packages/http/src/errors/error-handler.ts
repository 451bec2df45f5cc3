import type { ErrorHandler } from 'hono'
import { createErrorCatalog, type ErrorCatalog } from './error-catalog'
import { errorToProblem } from './error-to-problem'
import { problemResponse, traceIdOf } from './problem'

/** The slice of a logger the error handler uses; pino's `Logger` fits. */
export interface ErrorLogger {
  error(fields: object, message: string): void
  warn(fields: object, message: string): void
}

/** Options for {@link createErrorHandler}. */
export interface ErrorHandlerOptions {
  /** Receives every 5xx with the full error, trace id, method and path. */
  readonly logger: ErrorLogger
  /** The codes and trusted error names of every module. Default: the shared codes only. */
  readonly catalog?: ErrorCatalog
}

const GENERIC_DETAIL = 'An unexpected error occurred.'

/**
 * Creates the `app.onError` handler (requirements D1, D3): every error becomes an RFC 9457
 * problem+json answer with a stable `code`, the status from the {@link ErrorCatalog} and the request's
 * `traceId`. Internals never leak: a 5xx carries no message, stack or SQL of the error, which is
 * logged in full instead.
 *
 * @example
 * ```ts
 * const app = new Hono()
 * app.onError(createErrorHandler({ logger }))
 * app.notFound(notFound)
 * ```
 */
export function createErrorHandler(options: ErrorHandlerOptions): ErrorHandler {
  const { logger, catalog = createErrorCatalog() } = options
  return (error, c) => {
    const { init, headers, log } = errorToProblem(error, catalog)
    const traceId = traceIdOf(c)
    if (log !== 'none') {
      const requestId: unknown = c.get('requestId' as never)
      logger[log](
        { err: error, code: init.code, traceId, requestId, method: c.req.method, path: c.req.path },
        'request failed',
      )
    }
    const detail =
      init.detail ??
      (log === 'error' ? `${GENERIC_DETAIL}${traceId ? ` Trace id: ${traceId}.` : ''}` : undefined)
    // Every 401 (UNAUTHORIZED, a refresh token reused, …) carries the bearer challenge (RFC 6750).
    const status = init.status ?? catalog.info(init.code).status
    const extra =
      status === 401 ? { 'WWW-Authenticate': 'Bearer realm="rustok"', ...headers } : headers
    return problemResponse(c, { ...init, detail, traceId }, extra)
  }
}
