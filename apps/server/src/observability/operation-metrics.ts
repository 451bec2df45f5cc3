import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Metrics, OperationOutcome } from './metrics'

/** What {@link operationMetrics} needs of a route definition. */
export interface OperationRoute {
  readonly method: string
  readonly path: string
  readonly operationId: string
  readonly tags: readonly string[]
  readonly module?: string
}

/** 5xx is an error; 4xx a refusal (bad input, no permission, not found); the rest succeeded. */
export function outcomeOf(status: number): OperationOutcome {
  return status >= 500 ? 'error' : status >= 400 ? 'rejected' : 'ok'
}

/**
 * Hono middleware: counts each request to a declared route as one operation of its module in
 * `module_operations_total{module,operation,outcome}`; the module is the route's module guard or
 * its first tag (the module it belongs to), the operation its `operationId`. Requests no route
 * matched are not operations.
 *
 * @example
 * ```ts
 * app.use(operationMetrics(metrics, routes))
 * ```
 */
export function operationMetrics(
  metrics: Pick<Metrics, 'observeOperation'>,
  routes: readonly OperationRoute[],
): MiddlewareHandler {
  const index = new Map(
    routes.map((route) => [
      `${route.method.toUpperCase()} ${route.path}`,
      { module: route.module ?? route.tags[0] ?? 'unknown', operation: route.operationId },
    ]),
  )
  const lookup = (method: string, path: string) => index.get(`${method} ${path}`)
  return async function operationMetrics(c, next) {
    await next()
    const found = lookup(c.req.method, routePath(c))
    if (found) metrics.observeOperation(found.module, found.operation, outcomeOf(c.res.status))
  }
}
