// The cart benchmark (issue 16): adding a line to a cart through the cart service (lock, price
// from the resolver for the line's new quantity, every line re-priced, outbox event, the cart read
// back with its totals) against the same writes as hand-written SQL in ONE transaction (ratio,
// same run, same database); then add-to-cart over HTTP through the whole server (req/s, p50, p99):
// spread over 100 carts, and 10 connections on one hot cart (its row lock serialises them). On
// PGlite always; on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (its own
// database, rustok_bench_cart).
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import {
  commerceEvents,
  createCartService,
  createPricingService,
  createProductService,
} from '@rustok/commerce'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { rawAddToCart } from './cart/cart-raw'
import { seedCartShop } from './cart/cart-shop'
import { benchServerUrl } from './http/bench-database'
import { startChildServer } from './http/child-server'
import { median } from './http/load'

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1_500)
const ROUNDS = 3
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const CARTS = 100
const LINES_PER_CART = 5

const fmt = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 0 })

/** Operations per second of `op` run back to back for `ms`. */
async function opsPerSecond(op: (i: number) => Promise<unknown>, ms: number): Promise<number> {
  const start = performance.now()
  let done = 0
  while (performance.now() - start < ms) await op(done++)
  return (done * 1000) / (performance.now() - start)
}

/** The median ops/s of `a` and of `b`, measured in alternating rounds so drift hits both. */
async function compare(
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<{ a: number; b: number }> {
  await opsPerSecond(a, 300)
  await opsPerSecond(b, 300)
  const as: number[] = []
  const bs: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    as.push(await opsPerSecond(a, ROUND_MS))
    bs.push(await opsPerSecond(b, ROUND_MS))
  }
  return { a: median(as), b: median(bs) }
}

/** The i-th add: a cart, and one of the few variants that cart holds (so carts stay small). */
function pick<T>(carts: readonly string[], variants: readonly T[], i: number): [string, T] {
  const c = i % carts.length
  const v = (c + Math.floor(i / carts.length)) % LINES_PER_CART
  return [carts[c] ?? '', variants[(c + v) % variants.length] as T]
}

async function serviceVersusSql(db: Kysely<unknown>, label: string): Promise<void> {
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  const deps = { db, events: createOutbox({ catalog: createEventCatalog(commerceEvents) }) }
  const shop = await seedCartShop(
    { products: createProductService(deps), pricing: createPricingService(deps) },
    { tenantId, count: 20 },
  )
  const carts = createCartService(deps)
  const guest = { tenantId, customerId: null }
  const actor = { userId: null }
  const newCarts = () =>
    Promise.all(
      Array.from({ length: CARTS }, async () => {
        const cart = await carts.create(guest, { regionId: shop.regionId }, actor)
        return cart.id
      }),
    )
  try {
    const [serviceCarts, rawCarts] = [await newCarts(), await newCarts()]
    const result = await compare(
      (i) => {
        const [cartId, variantId] = pick(serviceCarts, shop.variantIds, i)
        return carts.addLine({ ...guest, cartId }, { variantId, quantity: 1 }, actor)
      },
      (i) => {
        const [cartId, variantId] = pick(rawCarts, shop.variantIds, i)
        return rawAddToCart(db, { tenantId, cartId, variantId })
      },
    )
    const check = await carts.get({ ...guest, cartId: serviceCarts[0] ?? '' })
    if (check.lines.length > LINES_PER_CART || check.totals.total <= 0)
      throw new Error('the service carts did not fill as planned')
    console.log(
      `${label}: add to cart (${CARTS} carts of ${LINES_PER_CART} lines): service ${fmt(result.a)}/s, raw SQL ${fmt(result.b)}/s → ratio ${(result.a / result.b).toFixed(2)}`,
    )
  } finally {
    await sql`delete from commerce_carts where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from commerce_products where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from commerce_regions where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from sys_events where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

interface Target {
  readonly carts: readonly string[]
  readonly variantIds: readonly string[]
}

async function overHttp(env: Record<string, string>): Promise<void> {
  const server = await startChildServer({
    script: '../cart/cart-server.ts',
    env,
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const target = JSON.parse(server.body ?? '{}') as Target
    const modes = [
      ['spread over 100 carts', target.carts],
      ['one hot cart', target.carts.slice(0, 1)],
    ] as const
    for (const [name, carts] of modes) {
      let n = 0
      const result = await autocannon({
        url: `http://127.0.0.1:${server.port}`,
        headers: { ...server.headers },
        connections: 10,
        pipelining: 1,
        duration: HTTP_SECONDS,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const [cartId, variantId] = pick(carts, target.variantIds, n++)
              return {
                ...request,
                path: `/api/store/carts/${cartId}/lines`,
                body: JSON.stringify({ variantId, quantity: 1 }),
              }
            },
          },
        ],
      })
      const failures = result.non2xx + result.errors
      const failed = failures > 0 ? ` (${failures} failures!)` : ''
      console.log(
        `  HTTP add to cart, ${name}: ${fmt(result.requests.total / result.duration)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${failed}`,
      )
    }
  } finally {
    await server.stop()
  }
}

/** The bench's own database on the PostgreSQL server (`rustok_bench_cart`), created if missing. */
async function cartBenchDatabase(): Promise<string | undefined> {
  const server = benchServerUrl()
  if (server === undefined) return undefined
  const admin = await createDb<unknown>({ driver: 'postgres', url: server })
  try {
    const { rows } =
      await sql`select 1 from pg_database where datname = 'rustok_bench_cart'`.execute(admin)
    if (rows.length === 0) await sql`create database rustok_bench_cart`.execute(admin)
  } finally {
    await admin.destroy()
  }
  const url = new URL(server)
  url.pathname = '/rustok_bench_cart'
  return url.toString()
}

console.log(
  `cart bench: ${ROUNDS} rounds of ${ROUND_MS} ms (median), HTTP ${HTTP_SECONDS} s each\n`,
)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, 'PGlite')
} finally {
  await pglite.destroy()
}
await overHttp({})
const url = await cartBenchDatabase()
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
