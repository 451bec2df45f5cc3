// The server's app as start-server composes it (every module, request log, metrics, trace
// context, body limit, tenant resolution, authentication, rate limits), on in-memory PGlite or
// DATABASE_URL, serving one signed-in route to a seeded admin; or, with BENCH_SERVE=bare, the
// same route's handler alone on a bare Hono route over the same services and database.
//   BENCH_ROUTE    tenant: GET /api/tenant (cached read) · me: GET /api/auth/me (reads the
//                  user's row) · note: POST /api/bench/notes (validated body, insert + outbox row)
//   BENCH_WITHOUT  layers left out of the full stack, for the ablation: log, metrics, rate-limit
//   BENCH_RATE_LIMIT_STORE=memory  counts in this process even on PostgreSQL (one instance);
//                  =per-pass  on PostgreSQL without leases: one statement per request (before ADR 0023)
//   BENCH_PROFILE_DIR  SIGUSR2 starts a CPU profile, the next SIGUSR2 writes it there
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { migrationsOf, type AppEnv } from '@rustok/http'
import * as v from 'valibot'
import type * as HonoModule from '../../apps/server/node_modules/hono'
import type * as NodeServerModule from '../../apps/server/node_modules/@hono/node-server'
import { createServerApp } from '../../apps/server/src/compose/create-server-app'
import { createPipelineExtras } from '../../apps/server/src/compose/pipeline-extras'
import { createMemoryRateLimitStore } from '../../apps/server/src/rate-limit/memory-rate-limit-store'
import { createPostgresRateLimitStore } from '../../apps/server/src/rate-limit/postgres-rate-limit-store'
import { createServices } from '../../apps/server/src/compose/services'
import { ServerConfigSchema } from '../../apps/server/src/config/server-config'
import { serverModules } from '../../apps/server/src/modules/server-modules'
import { createLogger, logDestination } from '../../apps/server/src/observability/logger'
import { createMetrics, type Metrics } from '../../apps/server/src/observability/metrics'
import { benchNotesModule } from './bench-notes-module'
import { profileOnSignal } from './profile-window'
import { answerGcQueries } from './gc-time'
import { announceReady, exitOnTerm } from './ready-message'
import { importServerDependency } from './server-dependency'

const PASSWORD = 'bench password, long enough'
const ROUTES = {
  tenant: { method: 'GET', path: '/api/tenant', operationId: 'getCurrentTenant' },
  me: { method: 'GET', path: '/api/auth/me', operationId: 'getMe' },
  note: { method: 'POST', path: '/api/bench/notes', operationId: 'createBenchNote' },
} as const
type RouteName = keyof typeof ROUTES

const serveBare = process.env.BENCH_SERVE === 'bare'
const routeName = (process.env.BENCH_ROUTE ?? 'tenant') as RouteName
const route = ROUTES[routeName]
if (route === undefined)
  throw new Error(`BENCH_ROUTE must be one of ${Object.keys(ROUTES).join(', ')}`)
const without = new Set((process.env.BENCH_WITHOUT ?? '').split(',').filter(Boolean))

const { Hono } = await importServerDependency<typeof HonoModule>('hono')
const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')
const databaseUrl = process.env.DATABASE_URL
const config = v.parse(ServerConfigSchema, {
  ...(databaseUrl ? { database: { url: databaseUrl } } : {}),
  log: { level: 'info' },
  demo: { seed: false },
  // Load must never be refused (the most the schema allows); the limiter still counts every request.
  rateLimit: { enabled: !without.has('rate-limit'), limit: 1_000_000_000 },
})
const db = await createDb<unknown>(dbOptionsFrom({ url: config.database.url }))
const modules = [...serverModules(), benchNotesModule]
await createMigrator({ db, modules: migrationsOf(modules) }).up()
// The real server logs every request at info; here the lines go to /dev/null through the same
// buffered destination main's stdout has, so their formatting and write cost is measured.
const logger = createLogger({
  level: without.has('log') ? 'silent' : 'info',
  base: { service: 'rustok' },
  destination: logDestination({ dest: '/dev/null' }),
})
const realMetrics = createMetrics()
const metrics: Metrics = without.has('metrics')
  ? { ...realMetrics, observeRequest: () => undefined, observeOperation: () => undefined }
  : realMetrics

// sessionCheckTtlMs is left at its default, as start-server does.
const services = await createServices({ config, db, logger, metrics, modules })
const limitStores = {
  memory: () => createMemoryRateLimitStore(),
  'per-pass': () => createPostgresRateLimitStore(services.db, { maxLease: 1 }),
} as const
const limitStore = process.env.BENCH_RATE_LIMIT_STORE as keyof typeof limitStores | undefined
if (limitStore !== undefined && !(limitStore in limitStores))
  throw new Error(`BENCH_RATE_LIMIT_STORE must be one of ${Object.keys(limitStores).join(', ')}`)
function limitStoreName(): string {
  if (limitStore === 'memory' || !databaseUrl) return 'memory'
  return limitStore === 'per-pass'
    ? 'PostgreSQL without leases (one statement a pass)'
    : 'PostgreSQL'
}
const extras = createPipelineExtras(
  services,
  limitStore === undefined ? {} : { store: limitStores[limitStore]() },
)
const { app, routes } = createServerApp(services, extras)
const found = routes.find((candidate) => candidate.operationId === route.operationId)
if (!found) throw new Error(`the server serves no ${route.operationId}`)
const declared = found

const slug = `bench-${randomUUID().slice(0, 8)}`
const created = await services.tenancy.tenants.create({ slug, name: 'Bench' })
if (!created.ok) throw new Error(`bench tenant not created: ${JSON.stringify(created)}`)
const { tenant } = created
const email = `admin@${slug}.test`
const registered = await services.auth.users.register({
  tenantId: tenant.id,
  email,
  password: PASSWORD,
  role: 'admin',
  emailVerified: true,
})
if (!registered.ok) throw new Error(`bench user not created: ${registered.reason}`)
const login = await services.auth.sessions.login({ tenantId: tenant.id, email, password: PASSWORD })
if (!login.ok) throw new Error(`bench sign-in failed: ${login.reason}`)

/** The same handler, alone: the context variables the chain would set, then the handler. */
function bareApp(): { fetch: (request: Request) => Response | Promise<Response> } {
  const bare = new Hono<AppEnv>()
  const userId = registered.ok ? registered.user.id : ''
  if (routeName === 'note') {
    const { create } = services.composed.services(benchNotesModule)
    bare.post(route.path, async (c) => {
      c.set('tenantId', tenant.id)
      const body = await c.req.json<{ title: string }>()
      return create(c, body.title)
    })
  } else {
    bare.on(route.method, route.path, (c) => {
      c.set('tenantId', tenant.id)
      c.set('userId', userId)
      return declared.handler(c as never, {} as never)
    })
  }
  return bare
}

const body = routeName === 'note' ? JSON.stringify({ title: 'A bench note' }) : undefined
const notes = serveBare
  ? [
      `the handler of ${route.operationId} alone on a bare Hono route`,
      `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
    ]
  : [
      `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
      without.size > 0 ? `WITHOUT: ${[...without].join(', ')}` : 'every layer on',
      'logs: pino at info, one line per request, to /dev/null (buffered, as main writes stdout)',
      'session checks: sessionCheckTtlMs left at its default (1000 ms in services.ts)',
      'access tokens: one token for every request, so all but the first verify are hits of ' +
        "core-auth's verified-token cache (signature skipped; exp, tenant and session checked)",
      `rate limiter: createPipelineExtras, ${limitStoreName()} store, ` +
        `limit ${config.rateLimit.limit.toLocaleString('en')} per ${config.rateLimit.windowMs / 1000} s`,
    ]
const fetch = serveBare ? bareApp().fetch : app.fetch
serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  announceReady({
    port: info.port,
    method: route.method,
    path: route.path,
    ...(body === undefined ? {} : { body }),
    headers: {
      authorization: `Bearer ${login.accessToken}`,
      [config.tenancy.headerName]: tenant.id,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    notes,
  })
})
profileOnSignal(process.env.BENCH_PROFILE_DIR)
answerGcQueries()
exitOnTerm(() => db.destroy())
