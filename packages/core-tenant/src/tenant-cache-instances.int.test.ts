import {
  createInvalidatingCache,
  createMemoryCache,
  createPgNotifyInvalidation,
} from '@rustok/core-cache'
import { listen } from '@rustok/core-db'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEventWriter, testEventsMigrations } from './internal/test-events.test-helper'
import type { Tenant } from './tenant'
import { createTenantCache } from './tenant-cache'
import { tenantMigrations } from './tenant-migrations'
import { createTenantResolver } from './tenant-resolver'
import { createTenantStore } from './tenant-store'
import type { TenantTables } from './tenant-tables'

const channel = 'rustok_tenant_cache'

// Two server instances on one database, each with its own memory cache; invalidations travel
// over PostgreSQL NOTIFY (ADR 0008). On PGlite both "instances" share the embedded database.
describe('tenant cache across instances', () => {
  let testDb: TestDb<TenantTables>
  let db: Kysely<TenantTables>
  const stops: Array<() => Promise<void>> = []
  beforeAll(async () => {
    testDb = await createTestDb<TenantTables>({ modules: [tenantMigrations, testEventsMigrations] })
    db = testDb.db
  })
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()))
    await testDb.destroy()
  })

  async function instance() {
    const transport = createPgNotifyInvalidation({
      notify: async (payload) => {
        await sql`select pg_notify(${channel}, ${payload})`.execute(db)
      },
      listen: async (onPayload) => {
        const unlisten = await listen(db, channel, { onNotify: onPayload })
        stops.push(unlisten)
        return unlisten
      },
    })
    const cache = await createInvalidatingCache({ cache: createMemoryCache<Tenant>(), transport })
    const store = createTenantStore({
      db,
      events: testEventWriter(),
      onChanged: (tenant, previous) => tenants.invalidate(tenant, previous),
    })
    const tenants = createTenantCache({ cache, lookup: store })
    const resolver = createTenantResolver({ lookup: tenants, modes: ['header'] })
    const resolve = (slug: string) =>
      resolver.resolve({ headers: new Headers({ 'x-tenant-id': slug }) })
    return { store, resolve }
  }

  it('a tenant disabled on one instance stops resolving on the other within a second', async () => {
    const a = await instance()
    const b = await instance()
    const created = await a.store.create({ slug: 'twin', name: 'Twin' })
    if (!created.ok) throw new Error('setup failed')
    await expect(b.resolve('twin')).resolves.toMatchObject({ ok: true }) // now cached on B

    const started = performance.now()
    await a.store.disable(created.tenant.id)
    await expect
      .poll(() => b.resolve('twin'), { timeout: 1_000, interval: 10 })
      .toMatchObject({ ok: false, status: 403 })
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
