// The whole server (every module and layer) on in-memory PGlite or DATABASE_URL, with a tenant
// that has the commerce module on and one priced, stocked variant; the bench adds to carts and
// checks them out over HTTP.
import type { AddressInfo } from 'node:net'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { migrationsOf } from '@rustok/http'
import { sql } from 'kysely'
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
import { benchShop } from './checkout-shop'

const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')
const databaseUrl = process.env.DATABASE_URL
const config = v.parse(ServerConfigSchema, {
  ...(databaseUrl ? { database: { url: databaseUrl } } : {}),
  log: { level: 'info' },
  demo: { seed: false },
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

const created = await services.tenancy.tenants.create({
  slug: `bench-checkout-${Date.now().toString(36)}`,
  name: 'Checkout bench',
})
if (!created.ok) throw new Error(`bench tenant not created: ${JSON.stringify(created)}`)
const { tenant } = created
await services.tenancy.tenantModules.enableModule(tenant.id, 'commerce')
const shop = await benchShop(db, tenant.id)

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  announceReady({
    port: info.port,
    path: `/api/store/carts?region=${shop.regionId}&variant=${shop.variantId}`,
    headers: { [config.tenancy.headerName]: tenant.id },
    notes: [
      `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
      'every layer on; logs at info to /dev/null; rate limiter counting every request',
    ],
  })
})
exitOnTerm(async () => {
  for (const table of [
    'commerce_orders',
    'commerce_checkouts',
    'commerce_payments',
    'commerce_carts',
  ])
    await sql`delete from ${sql.table(table)} where tenant_id = ${tenant.id}::uuid`.execute(db)
  await sql`delete from commerce_products where tenant_id = ${tenant.id}::uuid`.execute(db)
  await sql`delete from commerce_regions where tenant_id = ${tenant.id}::uuid`.execute(db)
  await sql`delete from commerce_stock_locations where tenant_id = ${tenant.id}::uuid`.execute(db)
  await db.destroy()
})
