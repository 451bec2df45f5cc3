// Target (c): the server's app as start-server composes it (every module, request log, metrics,
// trace context, body limit, tenant resolution, authentication, rate limit), on in-memory PGlite
// or DATABASE_URL, serving one authenticated read route to a seeded admin.
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import * as v from 'valibot'
import type * as NodeServerModule from '../../apps/server/node_modules/@hono/node-server'
import { createServerApp } from '../../apps/server/src/compose/create-server-app'
import { createPipelineExtras } from '../../apps/server/src/compose/pipeline-extras'
import { createServices } from '../../apps/server/src/compose/services'
import { ServerConfigSchema } from '../../apps/server/src/config/server-config'
import { migrationsOf } from '@rustok/http'
import { serverModules } from '../../apps/server/src/modules/server-modules'
import { createLogger, type LoggerOptions } from '../../apps/server/src/observability/logger'
import { createMetrics } from '../../apps/server/src/observability/metrics'
import { announceReady, exitOnTerm } from './ready-message'
import { importServerDependency } from './server-dependency'

// The authenticated read measured: the first of these the server serves.
const READ_ROUTES = ['/api/tenant', '/api/auth/me']
const PASSWORD = 'bench password, long enough'

const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')
// Only `pino.destination` is needed, typed by what createLogger takes.
interface PinoDestinations {
  readonly pino: {
    destination(options: { dest: string; sync: boolean }): NonNullable<LoggerOptions['destination']>
  }
}
const { pino } = await importServerDependency<PinoDestinations>('pino')

const databaseUrl = process.env.DATABASE_URL
const config = v.parse(ServerConfigSchema, {
  ...(databaseUrl ? { database: { url: databaseUrl } } : {}),
  log: { level: 'info' },
  demo: { seed: false },
  // Load must never be refused (the most the schema allows); the limiter still counts every request.
  rateLimit: { enabled: true, limit: 1_000_000_000 },
})
const db = await createDb<unknown>(dbOptionsFrom({ url: config.database.url }))
const modules = serverModules()
await createMigrator({ db, modules: migrationsOf(modules) }).up()
// The real server logs every request at info; here the lines go to /dev/null, synchronously as
// main's stdout destination does, so their formatting and write cost is measured.
const logger = createLogger({
  level: 'info',
  base: { service: 'rustok' },
  destination: pino.destination({ dest: '/dev/null', sync: true }),
})

// sessionCheckTtlMs is left at its default, as start-server does.
const services = await createServices({ config, db, logger, metrics: createMetrics(), modules })
const { app, routes } = createServerApp(services, createPipelineExtras(services))
const path = READ_ROUTES.find((candidate) =>
  routes.some((route) => route.method === 'get' && route.path === candidate),
)
if (!path) throw new Error(`the server serves none of ${READ_ROUTES.join(', ')}`)

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

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  announceReady({
    port: info.port,
    path,
    headers: {
      authorization: `Bearer ${login.accessToken}`,
      [config.tenancy.headerName]: tenant.id,
    },
    notes: [
      `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
      'logs: pino at info, one line per request, to /dev/null (sync), so logging cost is counted',
      'session checks: sessionCheckTtlMs left at its default (1000 ms in services.ts)',
      'access tokens: one token for every request, so all but the first verify are hits of ' +
        "core-auth's verified-token cache (signature skipped; exp, tenant and session checked)",
      `rate limiter: createPipelineExtras, ${databaseUrl ? 'PostgreSQL' : 'memory'} store, ` +
        `limit ${config.rateLimit.limit.toLocaleString('en')} per ${config.rateLimit.windowMs / 1000} s`,
    ],
  })
})
exitOnTerm(() => db.destroy())
