import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutePath } from '@rustok/http'
import type { Metrics } from './metrics'

/**
 * Hono middleware: counts every request and its duration in {@link Metrics}. The `route` label
 * is the matched pattern (`/api/posts/:id`), never the raw path, so ids in URLs cannot blow up
 * the series count; a request no route matched carries the pattern of the last middleware it
 * reached (e.g. `/*`). Mount it first so it times the whole stack.
 *
 * @example
 * ```ts
 * app.use(httpMetrics(metrics))
 * ```
 */
export function httpMetrics(
  metrics: Pick<Metrics, 'observeRequest'>,
  now: () => number = () => performance.now(),
): MiddlewareHandler {
  return async function httpMetrics(c, next) {
    const start = now()
    await next()
    metrics.observeRequest({
      method: c.req.method,
      route: matchedRoutePath(c) || 'unmatched',
      status: c.res.status,
      durationSeconds: (now() - start) / 1000,
    })
  }
}

/**
 * A route handler serving the Prometheus text exposition format.
 *
 * @example
 * ```ts
 * app.get('/metrics', metricsHandler(metrics))
 * ```
 */
export function metricsHandler(
  metrics: Pick<Metrics, 'text' | 'contentType'>,
): (c: Context) => Promise<Response> {
  return async (c) => c.body(await metrics.text(), 200, { 'Content-Type': metrics.contentType })
}
