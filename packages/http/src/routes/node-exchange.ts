import type { Context } from 'hono'

/*
 * Headers on the hot path without WHATWG `Headers`. Under `@hono/node-server` a request's
 * `c.req.header()` first builds a `Headers` of every request header (undici's, with WebIDL checks
 * on each name and value: ~10 µs), and a middleware that sets a header on `c.res` after `next()`
 * turns the handler's plain header object into one too. Every request pays both, in every layer
 * that touches a header. Here the node:http request and response underneath are used directly
 * when the context has them (`c.env.incoming` / `c.env.outgoing`); without them (`app.request()`,
 * other runtimes) the same calls go through Hono's API. ADR 0038.
 */

/** The slice of node:http's `IncomingMessage` read here. */
interface NodeIncoming {
  /** Every header, lower-cased, each value as sent (repeats kept apart). */
  readonly headersDistinct: Readonly<Record<string, string[] | undefined>>
}

/** The slice of node:http's `ServerResponse` written here. */
interface NodeOutgoing {
  readonly headersSent: boolean
  setHeader(name: string, value: string): unknown
  appendHeader(name: string, value: string): unknown
}

interface NodeExchange {
  readonly incoming: NodeIncoming
  readonly outgoing: NodeOutgoing
}

// Called several times per request: it checks `c.env` in place rather than copy it.
function nodeExchange(c: Context): NodeExchange | undefined {
  const env: unknown = c.env
  if (typeof env !== 'object' || env === null) return undefined
  const exchange = env as Partial<NodeExchange>
  if (exchange.incoming === undefined) return undefined
  if (typeof exchange.outgoing?.appendHeader !== 'function') return undefined
  return exchange as NodeExchange
}

/**
 * A request header's value as `c.req.header(name)` gives it (`undefined` when absent; a repeated
 * header's values joined with `, `, as WHATWG `Headers.get` joins them), read from the node:http
 * request when there is one. `name` must be lower case.
 *
 * @example
 * ```ts
 * const token = requestHeader(c, 'authorization')
 * ```
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const exchange = nodeExchange(c)
  if (exchange === undefined) return c.req.header(name)
  // Built once per request from the raw headers (node keeps it), repeats kept apart.
  const values = exchange.incoming.headersDistinct[name]
  if (values === undefined) return undefined
  return values.length === 1 ? values[0] : values.join(', ')
}

/** A `Headers`-like view of the request's headers for code that takes one (`get` only). */
export interface RequestHeaderReader {
  get(name: string): string | null
}

/**
 * The request's headers as a {@link RequestHeaderReader}: `c.req.raw.headers` without a node:http
 * request underneath, else reads of it through {@link requestHeader}.
 */
export function requestHeaders(c: Context): RequestHeaderReader {
  if (nodeExchange(c) === undefined) return c.req.raw.headers
  return { get: (name) => requestHeader(c, name.toLowerCase()) ?? null }
}

/**
 * Puts a header on the response the request ends with, whatever it is (a handler's, an error's,
 * a refusal's). Under node:http it goes on the `ServerResponse` before the response is written,
 * and the response's own header of the same name, if it has one, wins (Node merges them that
 * way), so `append` adds to what other middleware put there but a response that sets the field
 * itself replaces it. Without node:http it is set (or appended) on `c.res`, as Hono does; there a
 * field the response sets itself is replaced too, unless `unlessSet`.
 *
 * @example
 * ```ts
 * await next()
 * setResponseHeader(c, { name: 'X-Request-Id', value: requestId })
 * ```
 */
export function setResponseHeader(
  c: Context,
  header: {
    readonly name: string
    readonly value: string
    /** Add to the field's values instead of replacing them (list fields: `RateLimit`). */
    readonly append?: boolean
    /** Only when the response does not set the field itself (a default, e.g. `Cache-Control`). */
    readonly unlessSet?: boolean
  },
): void {
  const { name, value, append = false, unlessSet = false } = header
  const exchange = nodeExchange(c)
  if (exchange !== undefined && !exchange.outgoing.headersSent) {
    // `unlessSet` needs nothing more: the response's own field replaces this one.
    if (append) exchange.outgoing.appendHeader(name, value)
    else exchange.outgoing.setHeader(name, value)
    return
  }
  if (unlessSet && c.res.headers.has(name)) return
  const put = (headers: Headers) =>
    append ? headers.append(name, value) : headers.set(name, value)
  try {
    put(c.res.headers)
  } catch {
    // An immutable response (a fetch() passed through, `Response.redirect`): copy it once.
    c.res = new Response(c.res.body, c.res)
    put(c.res.headers)
  }
}

const utf8 = new TextDecoder()

/** The slice of node:http's `IncomingMessage` a body is read from. */
interface NodeBody {
  readonly readableFlowing: boolean | null
  readonly readableDidRead: boolean
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
  on(event: 'end' | 'close', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  readonly complete: boolean
}

/**
 * Whether the request was served by node:http (`@hono/node-server`), whose own objects
 * {@link requestHeader} and {@link setResponseHeader} use.
 */
export function servedByNode(c: Context): boolean {
  return nodeExchange(c) !== undefined
}

/**
 * The request body as text, as `c.req.text()` gives it. Under node:http a body of a declared
 * `Content-Length` that nothing has read yet is read from the node request itself: `c.req.text()`
 * there first builds a WHATWG `Request` around a web stream of the node request (tens of µs per
 * request). The text is left in Hono's body cache, so `c.req.text()` / `c.req.json()` after it
 * give the same. A chunked body, or one something else has started reading (a body limit that
 * counted it, a handler of the stream), goes through `c.req.text()`.
 */
export function requestText(c: Context): Promise<string> {
  const exchange = nodeExchange(c)
  const cached = Object.keys(c.req.bodyCache).length > 0
  if (exchange === undefined || cached || requestHeader(c, 'transfer-encoding') !== undefined)
    return c.req.text()
  const body = exchange.incoming as unknown as NodeBody
  if (body.readableFlowing !== null || body.readableDidRead) return c.req.text()
  const text = new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    body.on('data', (chunk) => chunks.push(chunk))
    // As WHATWG's `text()` decodes: UTF-8, a leading byte order mark dropped.
    body.on('end', () => resolve(utf8.decode(Buffer.concat(chunks))))
    body.on('error', reject)
    // A client that goes away mid-body ends the stream without 'end'.
    body.on('close', () => {
      if (!body.complete) reject(new Error('The request body ended before its Content-Length'))
    })
  })
  // Hono keeps each body read's promise there (its type says `Body`'s methods; it holds results).
  ;(c.req.bodyCache as Record<string, Promise<unknown>>).text = text
  return text
}
