import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import { withoutRedaction, type ChildLogger } from './logger'

/** The slice of a logger {@link requestLog} uses; a pino `Logger` fits. */
export interface RequestLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
  /** pino's: when present, the lines without an error are written by a child without redaction. */
  child?(bindings: Record<string, never>, options: { redact: string[] }): RequestLogger
}

const canMakeChildren = (
  logger: RequestLogger,
): logger is RequestLogger & ChildLogger<RequestLogger> => typeof logger.child === 'function'

/** A variable set by other middleware, absent from this middleware's own Env. */
function variable(c: Context, name: string): string | undefined {
  const value: unknown = c.get(name as never)
  return typeof value === 'string' ? value : undefined
}

/** Options for {@link requestLog}. */
export interface RequestLogOptions {
  readonly logger: RequestLogger
  /** Milliseconds from an arbitrary origin. Default `performance.now()`. */
  readonly now?: () => number
}

/**
 * Hono middleware: one structured line per request (P3) with method, path (never the query
 * string, which may carry secrets), matched route, status, duration in ms, and the request
 * (the server's, and the caller's own `X-Request-Id` apart), trace, tenant and user ids when the
 * context has them. 5xx log at `error`, 4xx at `warn`.
 * Mount it after `traceContext()` so the ids are set; it reads `tenantId` and `userId` after the
 * request, so it sees what tenant resolution and authentication set later in the chain.
 *
 * Those fields are fixed here and none is a secret (ids, a method, a status, the path the caller
 * chose), so a pino logger's 2xx–4xx lines skip its redaction ({@link withoutRedaction}); the 5xx
 * lines carry the error, which may hold anything, and keep it.
 *
 * @example
 * ```ts
 * app.use(traceContext())
 * app.use(requestLog({ logger }))
 * ```
 */
export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  const { logger, now = () => performance.now() } = options
  const lines = canMakeChildren(logger) ? withoutRedaction(logger) : logger
  return async function requestLog(c, next) {
    const start = now()
    await next()
    const status = c.res.status
    const fields = {
      method: c.req.method,
      path: c.req.path,
      route: routePath(c),
      status,
      durationMs: Math.round((now() - start) * 100) / 100,
      requestId: variable(c, 'requestId'),
      clientRequestId: variable(c, 'clientRequestId'),
      traceId: variable(c, 'traceId'),
      spanId: variable(c, 'spanId'),
      tenantId: variable(c, 'tenantId'),
      userId: variable(c, 'userId'),
      ...(status >= 500 && c.error ? { err: c.error } : {}),
    }
    if (status >= 500) logger.error(fields, 'request failed')
    else if (status >= 400) lines.warn(fields, 'request rejected')
    else lines.info(fields, 'request completed')
  }
}
