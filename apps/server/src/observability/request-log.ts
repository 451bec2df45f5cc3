import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutePath } from '@rustok/http'
import { withoutRedaction } from './logger'

/** The slice of a logger {@link requestLog} uses; a pino `Logger` fits. */
export interface RequestLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
  /**
   * pino's: when present, the lines without an error are written by a child without redaction,
   * and each route's by a child of that one with the route's fields bound (serialised once).
   */
  child?(bindings: Record<string, string | number>, options?: { redact: string[] }): RequestLogger
}

type PinoLike = RequestLogger & Required<Pick<RequestLogger, 'child'>>

const canMakeChildren = (logger: RequestLogger): logger is PinoLike =>
  typeof logger.child === 'function'

/** A variable set by other middleware, absent from this middleware's own Env. */
function variable(c: Context, name: string): string | undefined {
  const value: unknown = c.get(name as never)
  return typeof value === 'string' ? value : undefined
}

/** Successful lines of some routes written one in `every` (see {@link RequestLogOptions.sample}). */
export interface RequestLogSampling {
  /** Matched route patterns, e.g. `/health/live`, `/metrics`. */
  readonly routes: readonly string[]
  /** One line in this many is written; at least 1. */
  readonly every: number
}

/** Options for {@link requestLog}. */
export interface RequestLogOptions {
  readonly logger: RequestLogger
  /** Milliseconds from an arbitrary origin. Default `performance.now()`. */
  readonly now?: () => number
  /**
   * Routes whose successful (below 400) lines are sampled: probes and scrapes that arrive every
   * few seconds and say the same each time. The written line carries `sampledOneIn`. Their 4xx
   * and 5xx lines are always written. Default: none.
   */
  readonly sample?: RequestLogSampling
}

/** What is fixed for one method of one route: its line writers and its sampling count. */
interface RouteLines {
  /** Writes 2xx-4xx lines with `method` and `route` bound, when the logger makes children. */
  readonly lines: RequestLogger
  /** Writes the sampled successful lines (`sampledOneIn` bound too), if the route is sampled. */
  readonly sampled: RequestLogger | undefined
  seen: number
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
 * chose), so a pino logger's 2xx–4xx lines skip its redaction ({@link withoutRedaction}), through
 * one child per method and route that has `method` and `route` serialised once; the 5xx lines
 * carry the error, which may hold anything, and keep it.
 *
 * @example
 * ```ts
 * app.use(traceContext())
 * app.use(requestLog({ logger, sample: { routes: ['/health/live'], every: 100 } }))
 * ```
 */
export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  const { logger, now = () => performance.now(), sample } = options
  // A pino child is a pino logger: it makes children too.
  const children = canMakeChildren(logger) ? (withoutRedaction(logger) as PinoLike) : undefined
  const every = Math.max(1, Math.floor(sample?.every ?? 1))
  const sampledRoutes = new Set(sample?.routes ?? [])
  // route pattern → method → its writers. Bounded: patterns are declared (or Hono's `/*`), and
  // Node's parser accepts only known methods.
  const byRoute = new Map<string, Map<string, RouteLines>>()
  const routeLines = (route: string, method: string): RouteLines => {
    let methods = byRoute.get(route)
    if (methods === undefined) {
      methods = new Map()
      byRoute.set(route, methods)
    }
    let found = methods.get(method)
    if (found === undefined) {
      const lines = children?.child({ method, route }) ?? logger
      const sampled =
        every > 1 && sampledRoutes.has(route)
          ? (children?.child({ method, route, sampledOneIn: every }) ?? lines)
          : undefined
      found = { lines, sampled, seen: 0 }
      methods.set(method, found)
    }
    return found
  }
  return async function requestLog(c, next) {
    const start = now()
    await next()
    const { status } = c.res
    const { method } = c.req
    const route = matchedRoutePath(c)
    const durationMs = Math.round((now() - start) * 100) / 100
    if (status >= 500) {
      logger.error(
        {
          method,
          path: c.req.path,
          route,
          status,
          durationMs,
          requestId: variable(c, 'requestId'),
          clientRequestId: variable(c, 'clientRequestId'),
          traceId: variable(c, 'traceId'),
          spanId: variable(c, 'spanId'),
          tenantId: variable(c, 'tenantId'),
          userId: variable(c, 'userId'),
          ...(c.error ? { err: c.error } : {}),
        },
        'request failed',
      )
      return
    }
    const writers = routeLines(route, method)
    let lines = writers.lines
    if (status < 400 && writers.sampled !== undefined) {
      if (writers.seen++ % every !== 0) return
      lines = writers.sampled
    }
    const fields = {
      path: c.req.path,
      status,
      durationMs,
      requestId: variable(c, 'requestId'),
      clientRequestId: variable(c, 'clientRequestId'),
      traceId: variable(c, 'traceId'),
      spanId: variable(c, 'spanId'),
      tenantId: variable(c, 'tenantId'),
      userId: variable(c, 'userId'),
    }
    // Without children, the route's fields go on the line itself.
    if (children === undefined) Object.assign(fields, { method, route })
    if (status >= 400) lines.warn(fields, 'request rejected')
    else lines.info(fields, 'request completed')
  }
}
