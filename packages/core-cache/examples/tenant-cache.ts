// Two server instances cache tenants; a change on one drops the entry on both, over PostgreSQL
// LISTEN/NOTIFY (here PGlite in memory, through @rustok/core-db).
// Run it: npx tsx examples/tenant-cache.ts
import {
  cacheKey,
  createInvalidatingCache,
  createMemoryCache,
  createPgNotifyInvalidation,
  type InvalidationTransport,
} from '@rustok/core-cache'
import { createDb, listen } from '@rustok/core-db'
import { sql } from 'kysely'

interface Tenant {
  id: string
  name: string
}

const db = await createDb<unknown>({ driver: 'pglite' })
const transport = (): InvalidationTransport =>
  createPgNotifyInvalidation({
    notify: async (payload) =>
      void (await sql`select pg_notify('rustok_cache', ${payload})`.execute(db)),
    listen: (onPayload) => listen(db, 'rustok_cache', { onNotify: onPayload }),
  })
const instanceA = await createInvalidatingCache({
  cache: createMemoryCache<Tenant>({ maxSize: 1000, ttlMs: 300_000, negativeTtlMs: 60_000 }),
  transport: transport(),
})
const instanceB = await createInvalidatingCache({
  cache: createMemoryCache<Tenant>({ maxSize: 1000 }),
  transport: transport(),
})

const tenantId = crypto.randomUUID()
const key = cacheKey(tenantId, 'tenant', tenantId)
let loads = 0
const findTenant = async (): Promise<Tenant> => ({ id: tenantId, name: `Acme ${++loads}` })

// Ten concurrent misses run the loader once.
await Promise.all(Array.from({ length: 10 }, () => instanceA.getOrLoad(key, findTenant)))
await instanceB.getOrLoad(key, findTenant)
console.log('loads', loads, 'stats', instanceA.stats())

await instanceA.invalidate([key]) // after the tenant changed: dropped on every instance
await new Promise((resolve) => setTimeout(resolve, 100)) // the NOTIFY reaches instance B
console.log('A has it:', (await instanceA.get(key)) !== undefined)
console.log('B has it:', (await instanceB.get(key)) !== undefined)

await instanceA.close()
await instanceB.close()
await db.destroy()
