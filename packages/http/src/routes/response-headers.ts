import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import { matchedRoute } from './matched-route'
import { setResponseHeader } from './node-exchange'
import type { Route } from './route-definition'

/** The `Cache-Control` a declared route's responses get, or `undefined` for none. */
export function cacheControlOf(route: Pick<Route, 'access' | 'noStore'>): string | undefined {
  if (route.noStore === true) return 'no-store'
  return route.access.kind === 'public' ? undefined : 'private'
}

/**
 * Hono middleware for the headers every response carries: `X-Content-Type-Options: nosniff` on
 * all of them (errors and 404s included), and the route's `Cache-Control` ({@link cacheControlOf}):
 * `no-store` on routes that answer with tokens, `private` on signed-in routes, so a shared cache
 * never keeps one user's answer for another. A handler that sets `Cache-Control` itself keeps it.
 *
 * @example
 * ```ts
 * app.use(responseHeaders(routes))
 * ```
 */
export function responseHeaders(routes: readonly Route[]): MiddlewareHandler {
  const cacheControl = new Map<string, string>()
  for (const route of routes) {
    const value = cacheControlOf(route)
    if (value === undefined) continue
    cacheControl.set(`${route.method.toUpperCase()} ${route.path}`, value)
    // Hono answers HEAD with the GET route.
    if (route.method === 'get') cacheControl.set(`HEAD ${route.path}`, value)
  }
  // The same answer by the declared route itself, when its handler answered (no key to build).
  const byRoute = new Map<Route, string | undefined>(
    routes.map((route) => [route, cacheControlOf(route)]),
  )
  return async function responseHeaders(c, next) {
    await next()
    const route = matchedRoute(c)
    const value =
      route !== undefined && byRoute.has(route)
        ? byRoute.get(route)
        : cacheControl.get(`${c.req.method} ${routePath(c)}`)
    setResponseHeader(c, { name: 'X-Content-Type-Options', value: 'nosniff' })
    // The route's default: a response that says how it may be cached keeps its own.
    if (value !== undefined) setResponseHeader(c, { name: 'Cache-Control', value, unlessSet: true })
  }
}
