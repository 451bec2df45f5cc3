// Target (floor): the work the full stack does for a signed-in cached read (GET /api/tenant), all
// of it in one function, with no framework and no layers: the request's ids (a UUID, a trace and
// a span id), a tenant-cache hit, a verified-token hit and a session check, three rate-limit
// counters, the full stack's headers and a body of the same shape, the two metric updates and one
// pino line through the same buffered destination. What the work itself costs in Node: the full
// stack's design (Hono's routing and context, the middleware chain, each package's abstraction)
// is what it adds over this. Caches are plain Maps here, as hot as they get.
//   BENCH_FLOOR=hono  the same function as the handler of one bare Hono route (headers through
//                     node:http, as the stack sets them; the body by `c.body`)
//   BENCH_FLOOR_WITHOUT  parts left out, to price them: observability (the log line and the two
//                     metric updates), headers (the eight the stack adds to Hono's)
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type * as HonoModule from '../../apps/server/node_modules/hono'
import type * as NodeServerModule from '../../apps/server/node_modules/@hono/node-server'
import {
  createLogger,
  logDestination,
  withoutRedaction,
} from '../../apps/server/src/observability/logger'
import { createMetrics } from '../../apps/server/src/observability/metrics'
import { answerGcQueries } from './gc-time'
import { announceReady, exitOnTerm } from './ready-message'
import { importServerDependency } from './server-dependency'

const PATH = '/api/tenant'
const WINDOW_MS = 60_000
const without = new Set((process.env.BENCH_FLOOR_WITHOUT ?? '').split(',').filter(Boolean))
for (const part of without) {
  if (part !== 'observability' && part !== 'headers')
    throw new Error(`BENCH_FLOOR_WITHOUT takes observability and headers, not ${part}`)
}
// How long a cached tenant and a session check are trusted; past it, the entry is "reloaded"
// (here: its time renewed, where the real caches read the database once), never refused: a
// refusal would turn the rest of a long run into cheap 404s and 401s.
const CACHE_TTL_MS = 1_000
const LIMIT = 1_000_000_000

const logger = createLogger({
  level: 'info',
  base: { service: 'rustok' },
  destination: logDestination({ dest: '/dev/null' }),
})
const lines = withoutRedaction(logger).child({ method: 'GET', route: PATH })
const metrics = createMetrics()

const tenantId: string = randomUUID()
const userId = randomUUID()
const sessionId = randomUUID()
// About as long as the stack's access token (~470 characters), so reading and hashing it costs
// about the same.
const token = `eyJ${randomBytes(350).toString('base64url')}`
const tenant = {
  id: tenantId,
  slug: 'bench-floor',
  name: 'Bench',
  defaultLocale: 'en',
  locales: [{ code: 'en', fallback: null }],
}
interface Cached {
  loadedAt: number
}
const tenants = new Map<string, Cached & { readonly tenant: typeof tenant }>([
  [tenantId, { tenant, loadedAt: Date.now() }],
])
const tokens = new Map([
  [token, { tenantId, userId, sessionId, expiresAt: Date.now() + 3_600_000 }],
])
const sessions = new Map<string, Cached & { readonly live: boolean }>([
  [sessionId, { loadedAt: Date.now(), live: true }],
])

interface Window {
  count: number
  readonly resetAt: number
}
const windows = new Map<string, Window>()
function hit(key: string, now: number): Window {
  let window = windows.get(key)
  if (window === undefined || window.resetAt <= now) {
    window = { count: 0, resetAt: now + WINDOW_MS }
    windows.set(key, window)
  }
  window.count += 1
  return window
}

// Trace and span ids from a pool of random bytes, as trace-context.ts makes them.
let pool = Buffer.alloc(0)
let offset = 0
function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096)
    offset = 0
  }
  const hex = pool.toString('hex', offset, offset + bytes)
  offset += bytes
  return hex
}

/** A refusal: never in the bench (its token and tenant are good), but the checks are real. */
const REFUSED = { status: 401, body: '' }

/** Everything but writing the answer, whose status and body it returns. */
function work(
  request: IncomingMessage,
  response: ServerResponse,
): { readonly status: number; readonly body: string } {
  const start = performance.now()
  const requestId = randomUUID()
  const traceId = randomHex(16)
  const spanId = randomHex(8)
  const header = request.headers['x-tenant-id']
  const requested = typeof header === 'string' ? header : ''
  const now = Date.now()
  const cached = tenants.get(requested)
  if (cached === undefined) return { status: 404, body: '' }
  if (now - cached.loadedAt > CACHE_TTL_MS) cached.loadedAt = now
  const address = hit(`default:${request.socket.remoteAddress ?? ''}:${requested}`, now)
  const perTenant = hit(`tenant:${requested}`, now)
  const claims = tokens.get((request.headers.authorization ?? '').slice('Bearer '.length))
  if (claims === undefined || claims.expiresAt < now || claims.tenantId !== requested)
    return REFUSED
  const session = sessions.get(claims.sessionId)
  if (session === undefined) return REFUSED
  if (now - session.loadedAt > CACHE_TTL_MS) session.loadedAt = now
  if (!session.live) return REFUSED
  const perUser = hit(`user:${claims.userId}`, now)
  const reset = Math.ceil((address.resetAt - now) / 1000)
  if (!without.has('headers')) {
    const policy = `"default";q=${LIMIT};w=60, "tenant";q=${LIMIT};w=60`
    const state = `"default";r=${LIMIT - address.count};t=${reset}, "tenant";r=${LIMIT - perTenant.count};t=${reset}`
    response.appendHeader('RateLimit-Policy', `"user";q=${LIMIT};w=60`)
    response.appendHeader('RateLimit-Policy', policy)
    response.appendHeader('RateLimit', `"user";r=${LIMIT - perUser.count};t=${reset}`)
    response.appendHeader('RateLimit', state)
    response.setHeader('X-Request-Id', requestId)
    response.setHeader('traceparent', `00-${traceId}-${spanId}-01`)
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Cache-Control', 'private')
  }
  const { id, slug, name, defaultLocale, locales } = cached.tenant
  const body = JSON.stringify({ id, slug, name, defaultLocale, locales })
  const logged = { requestId, traceId, spanId, tenantId: requested, userId: claims.userId }
  // After the answer is built, as the stack's log and metrics run after `next()`.
  if (!without.has('observability'))
    queueMicrotask(() => {
      const durationMs = performance.now() - start
      metrics.observeRequest({
        method: 'GET',
        route: PATH,
        status: 200,
        durationSeconds: durationMs / 1000,
      })
      metrics.observeOperation('tenancy', 'getCurrentTenant', 'ok')
      lines.info(
        { path: PATH, status: 200, durationMs: Math.round(durationMs * 100) / 100, ...logged },
        'request completed',
      )
    })
  return { status: 200, body }
}

function listening(port: number): void {
  announceReady({
    port,
    path: PATH,
    headers: { authorization: `Bearer ${token}`, 'x-tenant-id': tenantId },
  })
}

if (process.env.BENCH_FLOOR === 'hono') {
  const { Hono } = await importServerDependency<typeof HonoModule>('hono')
  const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')
  const app = new Hono<{ Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } }>()
  app.get(PATH, (c) => {
    const { status, body } = work(c.env.incoming, c.env.outgoing)
    return c.body(body, status as 200, { 'content-type': 'application/json' })
  })
  serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
    listening(info.port),
  )
} else {
  const server = createServer((request, response) => {
    const { status, body } = work(request, response)
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    })
    response.end(body)
  })
  server.listen(0, '127.0.0.1', () => listening((server.address() as AddressInfo).port))
}
answerGcQueries()
exitOnTerm()
