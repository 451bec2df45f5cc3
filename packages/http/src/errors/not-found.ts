import type { NotFoundHandler } from 'hono'
import { problemResponse } from './problem'

/**
 * The `app.notFound` handler: 404 problem+json with code `NOT_FOUND`, naming the method and path.
 *
 * @example
 * ```ts
 * app.notFound(notFound)
 * ```
 */
export const notFound: NotFoundHandler = (c) =>
  problemResponse(c, { code: 'NOT_FOUND', detail: `No route for ${c.req.method} ${c.req.path}.` })
