// The whole server (every module and layer) on in-memory PGlite or DATABASE_URL, with a tenant
// that has the commerce module on and one priced, stocked variant; the bench adds to carts and
// checks them out over HTTP.
import { sql } from 'kysely'
import { startBenchApp } from '../kit/bench-app'
import { benchShop } from './checkout-shop'

const bench = await startBenchApp({
  slug: 'bench-checkout',
  name: 'Checkout bench',
  modules: ['commerce'],
})
const { db, tenant } = bench
const shop = await benchShop(db, tenant.id)

bench.listen(
  { path: `/api/store/carts?region=${shop.regionId}&variant=${shop.variantId}` },
  // Leaves nothing behind in a shared bench database.
  async () => {
    for (const table of [
      'commerce_orders',
      'commerce_checkouts',
      'commerce_payments',
      'commerce_carts',
      'commerce_products',
      'commerce_regions',
      'commerce_stock_locations',
    ] as const)
      await sql`delete from ${sql.table(table)} where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
