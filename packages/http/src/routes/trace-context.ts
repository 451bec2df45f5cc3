import { randomBytes, randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { RequestVariables } from './app-env'
import { requestHeader, setResponseHeader } from './node-exchange'

/** The context variables {@link traceContext} sets: the kit's {@link RequestVariables}. */
export type TraceContextVariables = RequestVariables

/** A parsed W3C `traceparent` header. */
export interface Traceparent {
  readonly version: string
  readonly traceId: string
  readonly parentId: string
  /** Two lowercase hex digits; bit 0 is `sampled`. */
  readonly flags: string
}

/** Options for {@link traceContext}. */
export interface TraceContextOptions {
  /**
   * Makes the server's id of each request: `requestId`, the correlation id of the events the
   * request writes. Always made here, never taken from the caller. Default `crypto.randomUUID()`.
   */
  readonly newId?: () => string
  /** Makes a 32-hex trace id. Default: 16 random bytes. */
  readonly newTraceId?: () => string
  /** Makes a 16-hex span id. Default: 8 random bytes. */
  readonly newSpanId?: () => string
  /**
   * The request id header. A safe one from the caller is kept as `clientRequestId` and echoed;
   * otherwise the response carries the server's `requestId`. Default `X-Request-Id`.
   */
  readonly requestIdHeader?: string
}

const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/
const SAFE_REQUEST_ID = /^[\w.:=-]{1,128}$/
const ZERO_TRACE_ID = '0'.repeat(32)
const ZERO_SPAN_ID = '0'.repeat(16)

/**
 * Parses a W3C `traceparent` (Trace Context level 1), or returns `undefined` when it is invalid:
 * version `ff`, an all-zero trace or parent id, upper-case hex, or (for version `00`) trailing data.
 * Later versions may carry more fields after a `-`, as the specification asks.
 *
 * @example
 * ```ts
 * parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')?.traceId
 * ```
 */
export function parseTraceparent(header: string | undefined): Traceparent | undefined {
  const match = TRACEPARENT.exec(header?.trim() ?? '')
  if (!match) return undefined
  const [, version = '', traceId = '', parentId = '', flags = '', rest] = match
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined
  if (traceId === ZERO_TRACE_ID || parentId === ZERO_SPAN_ID) return undefined
  return { version, traceId, parentId, flags }
}

/** Formats a version `00` `traceparent` for a span. */
export function formatTraceparent(traceId: string, spanId: string, flags = '01'): string {
  return `00-${traceId}-${spanId}-${flags}`
}

// Ids come from a pool of random bytes refilled 4 KiB at a time, as `randomUUID` does: one
// `randomBytes` call per id cost more than the rest of the middleware.
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let poolOffset = 0

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES)
    poolOffset = 0
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes)
  poolOffset += bytes
  return hex
}

/** Keeps only the `sampled` bit: the only flag version `00` defines. */
function sampledFlag(flags: string): string {
  return (Number.parseInt(flags, 16) & 1) === 1 ? '01' : '00'
}

/**
 * Hono middleware for request ids and W3C trace context (P4). Continues the caller's trace when its
 * `traceparent` is valid, else starts one; opens a new server span either way. Sets the
 * {@link TraceContextVariables}: `requestId` is always made by the server (it correlates the
 * request's events, which a caller must not be able to choose or collide with), and a safe
 * `X-Request-Id` from the caller is kept apart as `clientRequestId`. Answers with `X-Request-Id`
 * (the caller's, echoed, else the server's) and the server span's `traceparent`.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: TraceContextVariables }>()
 * app.use(traceContext())
 * app.get('/', (c) => c.json({ traceId: c.get('traceId') }))
 * ```
 */
export function traceContext(
  options: TraceContextOptions = {},
): MiddlewareHandler<{ Variables: TraceContextVariables }> {
  const {
    newId = () => randomUUID(),
    newTraceId = () => randomHex(16),
    newSpanId = () => randomHex(8),
    requestIdHeader = 'X-Request-Id',
  } = options
  const incomingIdHeader = requestIdHeader.toLowerCase()
  return async function traceContext(c, next) {
    const incomingId = requestHeader(c, incomingIdHeader)
    const clientRequestId = incomingId && SAFE_REQUEST_ID.test(incomingId) ? incomingId : undefined
    const requestId = newId()
    const parent = parseTraceparent(requestHeader(c, 'traceparent'))
    const traceId = parent?.traceId ?? newTraceId()
    const spanId = newSpanId()
    const traceparent = formatTraceparent(
      traceId,
      spanId,
      parent ? sampledFlag(parent.flags) : '01',
    )
    c.set('requestId', requestId)
    if (clientRequestId !== undefined) c.set('clientRequestId', clientRequestId)
    c.set('traceId', traceId)
    c.set('spanId', spanId)
    c.set('traceparent', traceparent)
    await next()
    // Set after the handler so every response carries them, whichever way it was built.
    setResponseHeader(c, { name: requestIdHeader, value: clientRequestId ?? requestId })
    setResponseHeader(c, { name: 'traceparent', value: traceparent })
  }
}
