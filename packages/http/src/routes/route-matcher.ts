import { TrieRouter } from 'hono/router/trie-router'
import type { Route } from './route-definition'

/** Finds declared routes by method and path, with Hono's own path matching. */
export interface RouteMatcher {
  /** The route declared for `method` (any case) and `path`; HEAD finds the GET route. */
  match(method: string, path: string): Route | undefined
  /** The methods `path` answers to, upper case, HEAD with GET; empty when no route has the path. */
  allowed(path: string): string[]
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Indexes `routes` by method and path. For the rare questions the app's router does not answer:
 * which methods a path has (405 `Allow`), and which declaration a response belongs to (response
 * checks in tests).
 *
 * @example
 * ```ts
 * const matcher = createRouteMatcher(routes)
 * matcher.allowed('/api/admin/users/7') // ['GET', 'HEAD', 'PATCH']
 * ```
 */
export function createRouteMatcher(routes: readonly Route[]): RouteMatcher {
  const router = new TrieRouter<Route>()
  for (const route of routes) router.add(route.method.toUpperCase(), route.path, route)
  const match = (method: string, path: string): Route | undefined => {
    const upper = method.toUpperCase()
    const [found] = router.match(upper === 'HEAD' ? 'GET' : upper, path)[0]
    return found?.[0]
  }
  return {
    match,
    allowed: (path) => METHODS.filter((method) => match(method, path) !== undefined),
  }
}
