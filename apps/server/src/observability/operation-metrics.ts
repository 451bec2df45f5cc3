import type { MiddlewareHandler } from 'hono'
import { matchedRoutePath } from '@rustok/http'
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
  // path → method → the operation, so a request looks it up without building a key.
  const index = new Map<string, Map<string, { module: string; operation: string }>>()
  for (const route of routes) {
    let methods = index.get(route.path)
    if (methods === undefined) {
      methods = new Map<string, { module: string; operation: string }>()
      index.set(route.path, methods)
    }
    methods.set(route.method.toUpperCase(), {
      module: route.module ?? route.tags[0] ?? 'unknown',
      operation: route.operationId,
    })
  }
  return async function operationMetrics(c, next) {
    await next()
    const found = index.get(matchedRoutePath(c))?.get(c.req.method)
    if (found) metrics.observeOperation(found.module, found.operation, outcomeOf(c.res.status))
  }
}
