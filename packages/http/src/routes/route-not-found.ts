import type { NotFoundHandler } from 'hono'
import { notFound } from '../errors/not-found'
import { problemResponse } from '../errors/problem'
import type { Route } from './route-definition'
import { createRouteMatcher } from './route-matcher'

/**
 * The `app.notFound` handler of an app of declared routes: a path that exists with other methods
 * is `405 METHOD_NOT_ALLOWED` with `Allow` (RFC 9110 §15.5.6), anything else `404 NOT_FOUND`.
 *
 * @example
 * ```ts
 * app.notFound(routeNotFound(routes))
 * ```
 */
export function routeNotFound(routes: readonly Route[]): NotFoundHandler {
  const matcher = createRouteMatcher(routes)
  return (c) => {
    const allowed = matcher.allowed(c.req.path)
    if (allowed.length === 0) return notFound(c)
    const allow = allowed.join(', ')
    return problemResponse(
      c,
      {
        code: 'METHOD_NOT_ALLOWED',
        detail: `${c.req.method} is not allowed on ${c.req.path}; it answers ${allow}.`,
      },
      { Allow: allow },
    )
  }
}
