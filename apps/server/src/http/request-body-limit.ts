import { createRouteMatcher, requestHeader, servedByNode, type Route } from '@rustok/http'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/** Options for {@link requestBodyLimit}: those of Hono's `bodyLimit`. */
export type RequestBodyLimitOptions = Parameters<typeof bodyLimit>[0]

/**
 * Hono's `bodyLimit` for requests that can carry a body. GET and HEAD requests have none (Hono's
 * middleware lets them through too), but asking for their body makes @hono/node-server build a
 * full `Request` with an `AbortSignal`, a cost on every read (about a tenth of the server's CPU per
 * request in `pnpm bench:http`); this skips them before that.
 *
 * A route with a `streamedBody` (a file upload) takes its own `maxBytes` instead: a declared
 * `Content-Length` above it is refused here, and the body is left unwrapped, since Hono's limiter
 * reads a chunked body into memory ahead of the handler; the handler counts what it streams.
 *
 * @example
 * ```ts
 * app.use(requestBodyLimit({ maxSize: 1_048_576 }))
 * ```
 */
export function requestBodyLimit(
  options: RequestBodyLimitOptions,
  own: {
    readonly routes: readonly Route[]
    /** The answer to a declared length over a streamed route's `maxBytes`. */
    readonly onError: (c: Context, maxBytes: number) => Response | Promise<Response>
  } = { routes: [], onError: (c) => c.body(null, 413) },
): MiddlewareHandler {
  const limit = bodyLimit(options)
  const streamed = own.routes.filter((route) => route.streamedBody !== undefined)
  const matcher = streamed.length > 0 ? createRouteMatcher(streamed) : undefined
  const ownLimit = (c: Context): number | undefined =>
    matcher?.match(c.req.method, c.req.path)?.streamedBody?.maxBytes
  return async function requestBodyLimit(c, next) {
    const { method } = c.req
    if (method === 'GET' || method === 'HEAD') return next()
    const maxBytes = ownLimit(c)
    if (maxBytes === undefined) {
      // Under node:http a body without Transfer-Encoding is exactly its Content-Length (node's
      // parser holds the client to it): the declared length is the check. Hono's limit would
      // first wrap the node request in a WHATWG Request and its stream to ask whether a body
      // exists (ADR 0038); a chunked body is counted by it as it streams.
      if (servedByNode(c) && requestHeader(c, 'transfer-encoding') === undefined) {
        const declared = Number(requestHeader(c, 'content-length') ?? 0)
        // Over it, Hono's limit answers (its `onError`), as it would have.
        return declared > options.maxSize ? limit(c, next) : next()
      }
      return limit(c, next)
    }
    const declared = Number(requestHeader(c, 'content-length') ?? 0)
    if (declared > maxBytes) return own.onError(c, maxBytes)
    return next()
  }
}
