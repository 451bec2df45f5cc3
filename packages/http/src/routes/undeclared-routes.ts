import type { Hono } from 'hono'
import type { Route } from './route-definition'

/**
 * The method and path of every handler mounted on `app` that no route definition declares, such
 * as one added with a bare `app.get(…)`, which would have no permission. Middleware mounted for
 * every method (`app.use`) is not a route.
 */
export function undeclaredRoutes(
  app: Pick<Hono, 'routes'>,
  routes: readonly Pick<Route, 'method' | 'path'>[],
): string[] {
  const declared = new Set(routes.map((route) => `${route.method.toUpperCase()} ${route.path}`))
  const found = new Set<string>()
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue
    const key = `${method} ${path}`
    if (!declared.has(key)) found.add(key)
  }
  return [...found]
}
