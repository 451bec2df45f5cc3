// A Hono app that finds each request's tenant by header or subdomain, through a cache that a tenant
// change invalidates. PGlite in memory; events go to a writer that keeps them in memory (a service
// passes @rustok/outbox). Run it: npx tsx examples/tenant-app.ts
import { createMemoryCache } from '@rustok/core-cache'
import { createDb, createMigrator } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'
import {
  createTenantCache,
  createTenantResolver,
  createTenantStore,
  tenantMigrations,
  type EventWriter,
  type Tenant,
} from '@rustok/core-tenant'
import { Hono } from 'hono'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [tenantMigrations] }).up()

const written: EventEnvelope[] = []
const events: EventWriter = {
  publishInTx: async (_trx, envelopes) => void written.push(...envelopes),
}

// The cache looks tenants up in the store; the store invalidates the cache after each change.
const tenantCache = createTenantCache({
  cache: createMemoryCache<Tenant>({ maxSize: 10_000 }),
  lookup: { find: (identifier) => store.find(identifier) },
})
const store = createTenantStore({
  db,
  events,
  onChanged: (tenant, previous) => tenantCache.invalidate(tenant, previous),
})
const resolver = createTenantResolver({
  lookup: tenantCache,
  modes: ['header', 'subdomain'],
  baseDomain: 'rustok.app',
})

// The tenant is a typed variable of the app's Env, so `c.set` and `c.var.tenant` type-check.
const app = new Hono<{ Variables: { tenant: Tenant } }>()
app.use(async (c, next) => {
  const result = await resolver.resolve({
    headers: c.req.raw.headers,
    host: new URL(c.req.url).host,
  })
  if (!result.ok) return c.json({ code: result.code, message: result.message }, result.status)
  c.set('tenant', result.tenant)
  await next()
})
app.get('/whoami', (c) => c.json({ tenant: c.var.tenant.slug }))

const created = await store.create({ slug: 'acme', name: 'Acme' })
if (!created.ok) throw new Error(created.message)

const byHeader = await app.request('/whoami', { headers: { 'x-tenant-id': 'acme' } })
console.log('by header:', byHeader.status, await byHeader.json())
const byHost = await app.request('http://acme.rustok.app/whoami')
console.log('by subdomain:', byHost.status, await byHost.json())

await store.disable(created.tenant.id) // the cached tenant is dropped at once
const disabled = await app.request('/whoami', { headers: { 'x-tenant-id': 'acme' } })
console.log('disabled:', disabled.status, '; events:', written.map((e) => e.type).join(', '))
await db.destroy()
