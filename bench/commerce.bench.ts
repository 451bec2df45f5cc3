// The commerce module's benchmark (issue 15): 10,000 products × 3 variants × 2 currencies; the
// storefront's product by handle with resolved prices and availability, and a page of 20 with
// each product's lowest price, through the storefront service against the same reads as
// hand-written SQL (ratio, same run, same database); reservation throughput on one hot level and
// spread over 100 levels; then the reads over HTTP through the whole server (req/s, p50, p99). On
// PGlite always; on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (its own
// database, rustok_bench_commerce).
import { randomUUID } from 'node:crypto'
import { commerceEvents, createInventoryService, createStorefrontService } from '@rustok/commerce'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { rawByHandle, rawList } from './commerce/commerce-raw'
import { seedCatalogue } from './commerce/commerce-seed'
import { startChildServer } from './http/child-server'
import { runLoad } from './http/load'
import { compare, concurrentOps, fmt, ROUND_MS } from './kit/measure'
import { ownBenchDatabase } from './kit/own-database'

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000)
const ROUNDS = 3
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const WORKERS = 16

const handleOf = (i: number): string => `product-${1 + ((i * 7919) % PRODUCTS)}`

async function reservations(db: Kysely<unknown>, tenantId: string): Promise<void> {
  const events = createOutbox({ catalog: createEventCatalog(commerceEvents) })
  const inventory = createInventoryService({ db, events })
  const { rows } = await sql<{ id: string }>`
    select id from commerce_variants where tenant_id = ${tenantId}::uuid order by id limit 100`.execute(
    db,
  )
  const { id: locationId } = await inventory.createLocation(tenantId, { name: 'Bench' })
  const refs = rows.map((row) => ({ tenantId, variantId: row.id, locationId }))
  for (const ref of refs) await inventory.adjust(ref, { delta: 100_000_000 }, { userId: null })
  const expiresAt = new Date(Date.now() + 3_600_000)
  const reserve = (ref: (typeof refs)[number], i: number) =>
    inventory.reserve(ref, { quantity: 1, reference: `bench:${i}`, expiresAt }, { userId: null })
  const hot = refs[0]
  if (!hot) throw new Error('no variants to reserve')
  const one = await concurrentOps((i) => reserve(hot, i), { workers: WORKERS, ms: ROUND_MS * 2 })
  const spread = await concurrentOps((i) => reserve(refs[i % refs.length] ?? hot, i), {
    workers: WORKERS,
    ms: ROUND_MS * 2,
  })
  console.log(
    `  reservations (${WORKERS} concurrent, each a conditional update + ledger row + outbox event): one hot level ${fmt(one)}/s, 100 levels ${fmt(spread)}/s`,
  )
}

async function serviceVersusSql(db: Kysely<unknown>, label: string): Promise<void> {
  // Every module's tables, as the HTTP child migrates them: both share one database.
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  const seeded = performance.now()
  const { eu } = await seedCatalogue(db, { tenantId, count: PRODUCTS })
  console.log(
    `${label}: seeded ${fmt(PRODUCTS)} products × 3 variants × 2 currencies in ${fmt(performance.now() - seeded)} ms`,
  )
  const store = createStorefrontService({
    db,
    events: createOutbox({ catalog: createEventCatalog(commerceEvents) }),
    locales: (_tenant, requested) => Promise.resolve([requested, 'en']),
  })
  try {
    const check = await store.product(
      { tenantId },
      { handle: 'product-1', locale: 'en', regionId: eu },
    )
    if (check.variants.length !== 3 || check.variants[0]?.price?.currency !== 'EUR')
      throw new Error('the seeded product did not resolve three EUR prices')
    const byHandle = await compare(
      (i) => store.product({ tenantId }, { handle: handleOf(i), locale: 'en', regionId: eu }),
      (i) => rawByHandle(db, { tenantId, handle: handleOf(i), regionId: eu }),
    )
    const list = await compare(
      () => store.list({ tenantId }, { limit: 20, locale: 'en', regionId: eu }),
      () => rawList(db, { tenantId, regionId: eu }),
    )
    console.log(
      `  product by handle (3 variants, resolved EUR prices, availability): service ${fmt(byHandle.a)}/s, raw SQL ${fmt(byHandle.b)}/s → ratio ${(byHandle.a / byHandle.b).toFixed(2)}`,
    )
    console.log(
      `  list of 20 with the lowest price each:                         service ${fmt(list.a)}/s, raw SQL ${fmt(list.b)}/s → ratio ${(list.a / list.b).toFixed(2)}`,
    )
    await reservations(db, tenantId)
  } finally {
    await sql`delete from commerce_products where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from commerce_regions where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from commerce_price_lists where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from commerce_stock_locations where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from sys_events where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

async function overHttp(env: Record<string, string>): Promise<void> {
  const server = await startChildServer({
    script: '../commerce/commerce-server.ts',
    env: { ...env, BENCH_PRODUCTS: String(PRODUCTS) },
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const region = new URL(server.path, 'http://x').searchParams.get('region') ?? ''
    const targets = [
      ['product by handle', server.path],
      ['list of 20', `/api/store/products?limit=20&region=${region}`],
    ] as const
    for (const [name, path] of targets) {
      const result = await runLoad({
        url: `http://127.0.0.1:${server.port}${path}`,
        headers: server.headers ?? {},
        seconds: HTTP_SECONDS,
        connections: 10,
        pid: server.pid,
      })
      const failed = result.failures > 0 ? ` (${result.failures} failures!)` : ''
      console.log(
        `  HTTP ${name}: ${fmt(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${failed}`,
      )
    }
  } finally {
    await server.stop()
  }
}

console.log(
  `commerce bench: ${fmt(PRODUCTS)} products × 3 variants × 2 currencies, ${ROUNDS} rounds of ${ROUND_MS} ms (median)\n`,
)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, 'PGlite')
} finally {
  await pglite.destroy()
}
await overHttp({})
const url = await ownBenchDatabase('rustok_bench_commerce')
if (url === undefined) {
  console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
} else {
  console.log('')
  const postgres = await createDb<unknown>({ driver: 'postgres', url })
  try {
    await serviceVersusSql(postgres, 'PostgreSQL')
  } finally {
    await postgres.destroy()
  }
  await overHttp({ DATABASE_URL: url })
}
