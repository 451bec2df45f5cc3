import type { Context } from 'hono'
import { routePath } from 'hono/route'
import type { Route } from './route-definition'

// Set by mountRoutes' handler step; not one of the typed variables, since no route reads it.
const MATCHED = '@rustok/http:route'

/** Records, for the middleware around the chain, which declared route answered. */
export function rememberMatchedRoute(c: Context, route: Route): void {
  c.set(MATCHED as never, route as never)
}

/**
 * The declared route whose handler answered this request (mounted by `mountRoutes`), or
 * `undefined` when none did: no route matched, or a step of its chain answered first.
 */
export function matchedRoute(c: Context): Route | undefined {
  const route: unknown = c.get(MATCHED as never)
  return route as Route | undefined
}

/**
 * The matched route's pattern (`/api/posts/:id`), for middleware that runs around the routes
 * (logs, metrics, headers). It is Hono's `routePath(c)`, without that helper's cost where a
 * declared route's handler answered: `routePath` maps every matched handler to its path on each
 * call. Call it after `await next()`.
 *
 * @example
 * ```ts
 * app.use(async (c, next) => {
 *   await next()
 *   metrics.count(c.req.method, matchedRoutePath(c), c.res.status)
 * })
 * ```
 */
export function matchedRoutePath(c: Context): string {
  return matchedRoute(c)?.path ?? routePath(c)
}
