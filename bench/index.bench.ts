// The index module's benchmark (issue 17): a catalogue of BENCH_PRODUCTS products × 2 locales
// (English and Russian titles), indexed by a full rebuild (time, documents/s); search p50/p99
// through the PostgreSQL engine for a word, a prefix, and a word with two filters and facets,
// against the word search as raw SQL (ratio, same run); projection throughput (price changes
// through the pricing service, then the index handler draining them, events/s). On PGlite
// (BENCH_PGLITE_PRODUCTS, default 2,000) always; on PostgreSQL (BENCH_PRODUCTS, default 10,000;
// 100,000 for the issue's size) when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, in its own
// database rustok_bench_index.
import { randomUUID } from 'node:crypto'
import { commerceEvents, createPricingService, createProductIndexSource } from '@rustok/commerce'
import { contentEvents, createNodeIndexSource } from '@rustok/content'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEnvelope, createEventCatalog, createEventDispatcher } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import {
  createIndexHandlers,
  createPgSearchEngine,
  indexEvents,
  rebuildIndex,
  reindexRequested,
  type IndexLocales,
  type IndexSources,
  type ProductSearch,
} from '@rustok/index'
import { createOutbox, createRelay, dispatcherTransport } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { seedCatalogue } from './commerce/commerce-seed'
import { searchableTexts } from './index/index-seed'
import { median } from './http/load'
import { ownBenchDatabase } from './kit/own-database'

const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500)
const fmt = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 0 })
const ms = (n: number): string => n.toFixed(2)

const locales: IndexLocales = () =>
  Promise.resolve([
    { locale: 'en', candidates: ['en', 'ru'] },
    { locale: 'ru', candidates: ['ru', 'en'] },
  ])
const sources: IndexSources = {
  content: (db) => createNodeIndexSource({ db }),
  products: (db) => createProductIndexSource({ db }),
}

/** p50 and p99 in ms of `count` runs of `op`, after a warm-up. */
async function latencies(op: (i: number) => Promise<unknown>, count: number) {
  for (let i = 0; i < 20; i++) await op(i)
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    await op(i)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return {
    p50: median(times),
    p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] ?? 0,
  }
}

const WORDS = [
  'shirt',
  'socks',
  'jacket',
  'shoes',
  'scarf',
  'linen',
  'wool',
  'cotton',
  'leather',
  'winter',
]
const PREFIXES = ['shi', 'jac', 'lin', 'woo', 'sca', 'cot', 'lea', 'win', 'soc', 'sho']

async function run(db: Kysely<unknown>, label: string, products: number): Promise<void> {
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  const seeded = performance.now()
  await seedCatalogue(db, { tenantId, count: products })
  await searchableTexts(db, tenantId)
  console.log(
    `${label}: bench seed (set-based SQL straight into the commerce tables, not through the services) of ${fmt(products)} products × 2 locales × 3 variants in ${fmt(performance.now() - seeded)} ms`,
  )
  try {
    const started = performance.now()
    const status = await rebuildIndex(
      { db, sources, locales },
      { tenantId, entity: 'products', batchSize: 500 },
    )
    const rebuildMs = performance.now() - started
    const { rows } = await sql<{ n: string }>`select count(*) as n from index_products
      where tenant_id = ${tenantId}::uuid and generation = ${status.active}`.execute(db)
    const docs = Number(rows[0]?.n ?? 0)
    console.log(
      `  full rebuild: ${fmt(docs)} documents (${fmt(status.done)} products) in ${fmt(rebuildMs)} ms → ${fmt((docs * 1000) / rebuildMs)} documents/s`,
    )
    await sql`analyze index_products`.execute(db)

    const engine = createPgSearchEngine({ db })
    const base: ProductSearch = { tenantId, locale: 'en', limit: 20 }
    const word = await latencies(
      (i) => engine.searchProducts({ ...base, q: WORDS[i % 10] }),
      SEARCHES,
    )
    const raw = await latencies(
      (i) =>
        sql`select product_id, ts_rank(search, q) as r from index_products,
          to_tsquery('english'::regconfig, ${`${WORDS[i % 10]}:*`}) q
        where tenant_id = ${tenantId}::uuid and generation = ${status.active} and locale = 'en'
          and published and search @@ q
        order by r desc, product_id desc limit 21`.execute(db),
      SEARCHES,
    )
    const prefix = await latencies(
      (i) => engine.searchProducts({ ...base, q: PREFIXES[i % 10] }),
      SEARCHES,
    )
    const filtered = await latencies(
      (i) =>
        engine.searchProducts({
          ...base,
          q: WORDS[i % 10],
          currency: 'EUR',
          priceMin: 0,
          priceMax: 5_000,
          inStock: true,
          facets: true,
        }),
      Math.max(20, Math.floor(SEARCHES / 3)),
    )
    const ru = await latencies(
      (i) =>
        engine.searchProducts({ ...base, locale: 'ru', q: ['рубашки', 'куртку', 'носков'][i % 3] }),
      Math.max(20, Math.floor(SEARCHES / 3)),
    )
    const sample = await engine.searchProducts({ ...base, q: 'shirt' })
    console.log(`  search "shirt" finds ${fmt(sample.total)} of ${fmt(docs / 2)} English documents`)
    console.log(
      `  search a word (engine, with the total and snippets): p50 ${ms(word.p50)} ms, p99 ${ms(word.p99)} ms`,
    )
    console.log(
      `  the same word as raw SQL (page only):             p50 ${ms(raw.p50)} ms, p99 ${ms(raw.p99)} ms → ratio ${(raw.p50 / word.p50).toFixed(2)}`,
    )
    console.log(
      `  search a prefix (3 letters):                       p50 ${ms(prefix.p50)} ms, p99 ${ms(prefix.p99)} ms`,
    )
    console.log(
      `  a word + price range + in stock + facets:          p50 ${ms(filtered.p50)} ms, p99 ${ms(filtered.p99)} ms`,
    )
    console.log(
      `  a Russian word (stemmed: рубашки → рубашк):        p50 ${ms(ru.p50)} ms, p99 ${ms(ru.p99)} ms`,
    )

    // Projection: price changes through the service write outbox events; the handler drains them.
    const catalog = createEventCatalog(contentEvents, commerceEvents, indexEvents)
    const outbox = createOutbox({ catalog })
    const pricing = createPricingService({ db, events: outbox })
    const { rows: prices } = await sql<{ id: string }>`select id from commerce_prices
      where tenant_id = ${tenantId}::uuid and price_list_id is null order by id limit ${EVENTS}`.execute(
      db,
    )
    await sql`update sys_events set status = 'dispatched' where status = 'pending'`.execute(db)
    for (const [i, price] of prices.entries())
      await pricing.prices.update(
        { tenantId, id: price.id },
        { amount: 1_000 + i },
        { userId: null },
      )
    const handlers = createIndexHandlers({ db, sources, locales })
    // As the server runs them: the relay hands events to a dispatcher that keeps each handler's
    // concurrency (1: one projection transaction at a time).
    const dispatcher = createEventDispatcher({ maxAttempts: 1 })
    for (const handler of handlers) dispatcher.register(handler)
    const relay = createRelay({ db, catalog, transport: dispatcherTransport(dispatcher) })
    const drained = performance.now()
    let delivered = 0
    for (let n = await relay.runOnce(); n > 0; n = await relay.runOnce()) delivered += n
    const drainMs = performance.now() - drained
    // The handler alone, without the relay's claims: one event at a time (each its own inbox
    // transaction, re-read and rewrite: the cost per event the relay used to pay), then the same
    // number handed over at once (as a relay batch is: they share transactions).
    const products = handlers.find((handler) => handler.name === 'index-products')
    if (!products) throw new Error('no index-products handler')
    const { rows: some } = await sql<{ id: string }>`select id from commerce_products
      where tenant_id = ${tenantId}::uuid order by id limit ${EVENTS}`.execute(db)
    const reindex = () =>
      some.map((row) =>
        createEnvelope(reindexRequested, { targetType: 'product', targetId: row.id }, { tenantId }),
      )
    const direct = performance.now()
    for (const event of reindex()) await products.handle(event)
    const directMs = performance.now() - direct
    const burst = performance.now()
    await Promise.all(reindex().map((event) => products.handle(event)))
    const burstMs = performance.now() - burst
    const rate = (n: number, spent: number) => fmt((n * 1000) / spent)
    console.log(
      `  projection handler alone, one event at a time (index.reindex_requested): ${fmt(some.length)} events in ${fmt(directMs)} ms → ${rate(some.length, directMs)} events/s`,
    )
    console.log(
      `  projection handler alone, the same events handed over at once:          ${fmt(some.length)} events in ${fmt(burstMs)} ms → ${rate(some.length, burstMs)} events/s (× ${(directMs / burstMs).toFixed(1)})`,
    )
    console.log(
      `  projection through relay and dispatcher: ${fmt(delivered)} price.updated events (each re-reads its product, 2 documents) in ${fmt(drainMs)} ms → ${rate(delivered, drainMs)} events/s (× ${(directMs / some.length / (drainMs / delivered)).toFixed(1)} the one-at-a-time handler)`,
    )
  } finally {
    for (const table of [
      'index_products',
      'index_generations',
      'commerce_products',
      'commerce_regions',
      'commerce_price_lists',
      'commerce_stock_locations',
      'sys_events',
    ])
      await sql`delete from ${sql.table(table)} where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

console.log(`index bench: ${SEARCHES} searches per kind (p50/p99), ${EVENTS} projection events\n`)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await run(pglite, 'PGlite', Number(process.env.BENCH_PGLITE_PRODUCTS ?? 2_000))
} finally {
  await pglite.destroy()
}
const url = await ownBenchDatabase('rustok_bench_index')
if (url === undefined) {
  console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
} else {
  console.log('')
  const postgres = await createDb<unknown>({ driver: 'postgres', url })
  try {
    await run(postgres, 'PostgreSQL', Number(process.env.BENCH_PRODUCTS ?? 10_000))
  } finally {
    await postgres.destroy()
  }
}
