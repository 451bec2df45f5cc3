// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has the commerce module on and
// 10,000 products × 3 variants × 2 currencies; the load generator calls its storefront routes.
import { sql } from 'kysely'
import { startBenchApp } from '../kit/bench-app'
import { seedCatalogue } from './commerce-seed'

const count = Number(process.env.BENCH_PRODUCTS ?? 10_000)
const bench = await startBenchApp({
  slug: 'bench-commerce',
  name: 'Commerce bench',
  modules: ['commerce'],
  locales: ['ru'],
})
const { db, tenant } = bench
const { eu } = await seedCatalogue(db, { tenantId: tenant.id, count })

bench.listen(
  {
    path: `/api/store/products/product-${Math.ceil(count / 2)}?region=${eu}`,
    notes: [
      `${count.toLocaleString('en')} products × 3 variants × 2 currencies, priced for region EU`,
    ],
  },
  // Leaves nothing behind in a shared bench database (everything else cascades).
  async () => {
    for (const table of [
      'commerce_products',
      'commerce_regions',
      'commerce_price_lists',
      'commerce_stock_locations',
    ] as const)
      await sql`delete from ${sql.table(table)} where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
