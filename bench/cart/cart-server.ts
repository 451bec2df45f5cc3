// The whole server (every module and layer, bench/kit/bench-app.ts) on in-memory PGlite or
// DATABASE_URL, with a tenant that has the commerce module on, 20 priced products and 100 guest
// carts; the load generator adds lines to the carts.
import { commerceModule } from '@rustok/commerce/http'
import { sql } from 'kysely'
import { startBenchApp } from '../kit/bench-app'
import { seedCartShop } from './cart-shop'

const bench = await startBenchApp({ slug: 'bench-cart', name: 'Cart bench', modules: ['commerce'] })
const { db, services, tenant } = bench
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

bench.listen(
  {
    method: 'POST',
    path: `/api/store/carts/${carts[0] ?? ''}/lines`,
    body: JSON.stringify({ variantIds: shop.variantIds, carts }),
    headers: { 'content-type': 'application/json' },
    notes: [
      '20 products priced in EUR (a base price and a 10-unit tier), 100 guest carts in region EU',
    ],
  },
  // Leaves nothing behind in a shared bench database (everything else cascades).
  async () => {
    for (const table of ['commerce_carts', 'commerce_products', 'commerce_regions'] as const)
      await sql`delete from ${sql.table(table)} where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
