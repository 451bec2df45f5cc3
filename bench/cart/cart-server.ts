// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has the commerce module on, 20
// priced products and 100 guest carts; the load generator adds lines to the carts.
import type { AddressInfo } from 'node:net'
import { commerceModule } from '@rustok/commerce/http'
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
import { seedCartShop } from './cart-shop'

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

const slug = `bench-cart-${Date.now().toString(36)}`
const created = await services.tenancy.tenants.create({ slug, name: 'Cart bench' })
if (!created.ok) throw new Error(`bench tenant not created: ${JSON.stringify(created)}`)
const { tenant } = created
await services.tenancy.tenantModules.enableModule(tenant.id, 'commerce')
const commerce = services.composed.services(commerceModule)
const shop = await seedCartShop(commerce, { tenantId: tenant.id, count: 20 })
const carts: string[] = []
for (let i = 0; i < 100; i++) {
  const cart = await commerce.carts.create(
    { tenantId: tenant.id, customerId: null },
    { regionId: shop.regionId, email: `bench-${i}@example.com` },
    { userId: null },
  )
  carts.push(cart.id)
}

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  announceReady({
    port: info.port,
    method: 'POST',
    path: `/api/store/carts/${carts[0] ?? ''}/lines`,
    body: JSON.stringify({ variantIds: shop.variantIds, carts }),
    headers: { [config.tenancy.headerName]: tenant.id, 'content-type': 'application/json' },
    notes: [
      `database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory'}`,
      '20 products priced in EUR (a base price and a 10-unit tier), 100 guest carts in region EU',
      'every layer on; logs at info to /dev/null; rate limiter counting every request',
    ],
  })
})
// Leaves nothing behind in a shared bench database (everything else cascades).
exitOnTerm(async () => {
  await sql`delete from commerce_carts where tenant_id = ${tenant.id}::uuid`.execute(db)
  await sql`delete from commerce_products where tenant_id = ${tenant.id}::uuid`.execute(db)
  await sql`delete from commerce_regions where tenant_id = ${tenant.id}::uuid`.execute(db)
  await db.destroy()
})
