import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'

/** The slice of a logger {@link requestLog} uses; a pino `Logger` fits. */
export interface RequestLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

/** Options for {@link requestLog}. */
export interface RequestLogOptions {
  readonly logger: RequestLogger
  /** Milliseconds from an arbitrary origin. Default `performance.now()`. */
  readonly now?: () => number
}

/**
 * Hono middleware: one structured line per request (P3) with method, path (never the query
 * string, which may carry secrets), matched route, status, duration in ms, and the request,
 * trace, tenant and user ids when the context has them. 5xx log at `error`, 4xx at `warn`.
 * Mount it after `traceContext()` so the ids are set; it reads `tenantId` and `userId` after the
 * request, so it sees what tenant resolution and authentication set later in the chain.
 *
 * @example
 * ```ts
 * app.use(traceContext())
 * app.use(requestLog({ logger }))
 * ```
 */
export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  const { logger, now = () => performance.now() } = options
  return async function requestLog(c, next) {
    const start = now()
    await next()
    // Variables set by other middleware, absent from this middleware's own Env.
    const variable = (name: string): string | undefined => {
      const value: unknown = c.get(name as never)
      return typeof value === 'string' ? value : undefined
    }
    const status = c.res.status
    const fields = {
      method: c.req.method,
      path: c.req.path,
      route: routePath(c),
      status,
      durationMs: Math.round((now() - start) * 100) / 100,
      requestId: variable('requestId'),
      traceId: variable('traceId'),
      spanId: variable('spanId'),
      tenantId: variable('tenantId'),
      userId: variable('userId'),
      ...(status >= 500 && c.error ? { err: c.error } : {}),
    }
    if (status >= 500) logger.error(fields, 'request failed')
    else if (status >= 400) logger.warn(fields, 'request rejected')
    else logger.info(fields, 'request completed')
  }
}
