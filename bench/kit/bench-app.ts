// The whole server for a bench target process: every module, request log, metrics, tenant
// resolution, module guard and rate limits, on in-memory PGlite or DATABASE_URL, with one tenant
// that has the bench's modules on. Logs go to /dev/null; the limiter counts every request but
// never refuses one.
import type { AddressInfo } from 'node:net'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import type { Tenant } from '@rustok/core-tenant'
import { migrationsOf } from '@rustok/http'
import type { Kysely } from 'kysely'
import * as v from 'valibot'
import type * as NodeServerModule from '../../apps/server/node_modules/@hono/node-server'
import { createServerApp } from '../../apps/server/src/compose/create-server-app'
import { createPipelineExtras } from '../../apps/server/src/compose/pipeline-extras'
import { createServices, type Services } from '../../apps/server/src/compose/services'
import { ServerConfigSchema } from '../../apps/server/src/config/server-config'
import { serverModules } from '../../apps/server/src/modules/server-modules'
import { createLogger, logDestination } from '../../apps/server/src/observability/logger'
import { createMetrics } from '../../apps/server/src/observability/metrics'
import { announceReady, exitOnTerm, type ReadyMessage } from '../http/ready-message'
import { importServerDependency } from '../http/server-dependency'

/** A bench's server, ready to be filled and then to listen. */
export interface BenchApp {
  readonly db: Kysely<unknown>
  readonly services: Services
  readonly tenant: Tenant
  /**
   * Listens on a free loopback port, announces `ready` (with the tenant header and notes on the
   * database and layers) and, on exit, runs `cleanUp` (rows a shared bench database must lose)
   * before closing the database.
   */
  listen(ready: Omit<ReadyMessage, 'port'>, cleanUp?: () => Promise<void>): void
}

/** Starts the app in this process and makes the bench's tenant (`slug`, with `modules` on). */
export async function startBenchApp(options: {
  readonly slug: string
  readonly name: string
  readonly modules: readonly string[]
  readonly locales?: readonly string[]
}): Promise<BenchApp> {
  const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')
  const databaseUrl = process.env.DATABASE_URL
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
  const slug = `${options.slug}-${Date.now().toString(36)}`
  const created = await services.tenancy.tenants.create({ slug, name: options.name })
  if (!created.ok) throw new Error(`bench tenant not created: ${JSON.stringify(created)}`)
  const { tenant } = created
  for (const module of options.modules)
    await services.tenancy.tenantModules.enableModule(tenant.id, module)
  for (const locale of options.locales ?? [])
    await services.tenancy.tenantLocales.addLocale(tenant.id, { locale, fallback: 'en' })
  return {
    db,
    services,
    tenant,
    listen(ready, cleanUp) {
      serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        announceReady({
          ...ready,
          port: info.port,
          headers: { ...ready.headers, [config.tenancy.headerName]: tenant.id },
          notes: [
            `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
            ...(ready.notes ?? []),
            'every layer on; logs at info to /dev/null; rate limiter counting every request',
          ],
        })
      })
      exitOnTerm(async () => {
        await cleanUp?.()
        await db.destroy()
      })
    },
  }
}
