// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has content and forum on and a
// category of 10,000 topics; the load generator calls its public forum routes.
import type { AddressInfo } from 'node:net'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { migrationsOf } from '@rustok/http'
import * as v from 'valibot'
import type * as NodeServerModule from '../../apps/server/node_modules/@hono/node-server'
import { createServerApp } from '../../apps/server/src/compose/create-server-app'
import { createPipelineExtras } from '../../apps/server/src/compose/pipeline-extras'
import { createServices } from '../../apps/server/src/compose/services'
import { ServerConfigSchema } from '../../apps/server/src/config/server-config'
import { serverModules } from '../../apps/server/src/modules/server-modules'
import { createLogger, logDestination } from '../../apps/server/src/observability/logger'
import { createMetrics } from '../../apps/server/src/observability/metrics'
import { announceReady, exitOnTerm } from '../http/ready-message'
import { importServerDependency } from '../http/server-dependency'
import { dropForum, seedForum } from './forum-seed'

const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')
const databaseUrl = process.env.DATABASE_URL
const count = Number(process.env.BENCH_TOPICS ?? 10_000)
const config = v.parse(ServerConfigSchema, {
  ...(databaseUrl ? { database: { url: databaseUrl } } : {}),
  log: { level: 'info' },
  demo: { seed: false },
  // Load must never be refused; the limiter still counts every request.
  rateLimit: { limit: 1_000_000_000 },
})
const db = await createDb<unknown>(dbOptionsFrom({ url: config.database.url }))
const modules = serverModules()
await createMigrator({ db, modules: migrationsOf(modules) }).up()
const logger = createLogger({
  level: 'info',
  base: { service: 'rustok' },
  destination: logDestination({ dest: '/dev/null' }),
})
const services = await createServices({ config, db, logger, metrics: createMetrics(), modules })
const { app } = createServerApp(services, createPipelineExtras(services))

const slug = `bench-forum-${Date.now().toString(36)}`
const created = await services.tenancy.tenants.create({ slug, name: 'Forum bench' })
if (!created.ok) throw new Error(`bench tenant not created: ${JSON.stringify(created)}`)
const { tenant } = created
await services.tenancy.tenantModules.enableModule(tenant.id, 'content')
await services.tenancy.tenantModules.enableModule(tenant.id, 'forum')
const categoryId = await seedForum(db, { tenantId: tenant.id, count })

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  announceReady({
    port: info.port,
    path: `/api/public/forum/categories/${categoryId}/topics?limit=20`,
    headers: { [config.tenancy.headerName]: tenant.id },
    notes: [
      `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
      `${count.toLocaleString('en')} topics in one category (every 500th pinned)`,
      'every layer on; logs at info to /dev/null; rate limiter counting every request',
    ],
  })
})
// Leaves nothing behind in a shared bench database.
exitOnTerm(async () => {
  await dropForum(db, tenant.id)
  await db.destroy()
})
