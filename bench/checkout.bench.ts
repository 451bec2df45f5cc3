// The checkout benchmark (issue 16): a checkout through the saga (createCheckoutService, the
// manual provider) against the same writes as hand-written SQL in ONE transaction (ratio, same
// run, same database); then over HTTP through the whole server: add-to-cart (req/s, p50, p99 by
// autocannon) and checkout (each request a fresh cart; 10 concurrent callers; req/s, p50, p99).
// On PGlite always; on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (its own
// database, rustok_bench_checkout).
import { randomUUID } from 'node:crypto'
import { commerceEvents, createCheckoutService } from '@rustok/commerce'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { rawCheckout } from './checkout/checkout-raw'
import { benchShop } from './checkout/checkout-shop'
import { startChildServer, type ChildServer } from './http/child-server'
import { median, runLoad } from './http/load'
import { alternate, fmt, timedCount } from './kit/measure'
import { ownBenchDatabase } from './kit/own-database'

const ROUNDS = 3
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const CONCURRENCY = 10

async function serviceVersusSql(
  db: Kysely<unknown>,
  options: { readonly label: string; readonly perRound: number },
): Promise<void> {
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const shop = await benchShop(db, randomUUID())
  const checkout = createCheckoutService({
    db,
    events: createOutbox({ catalog: createEventCatalog(commerceEvents) }),
  })
  const { tenantId, locationId } = shop
  const carts = async () => Promise.all(Array.from({ length: options.perRound }, () => shop.cart()))
  const service = async () => {
    const ids = await carts()
    return timedCount(
      (i) =>
        checkout.complete({
          tenantId,
          cartId: ids[i] ?? '',
          customerId: null,
          actor: { userId: null },
        }),
      ids.length,
    )
  }
  const raw = async () => {
    const ids = await carts()
    return timedCount(
      (i) => rawCheckout(db, { tenantId, cartId: ids[i] ?? '', locationId }),
      ids.length,
    )
  }
  await service()
  await raw()
  const result = await alternate(ROUNDS, { a: service, b: raw })
  console.log(
    `${options.label}: checkout of a one-line cart (${options.perRound} per round, median of ${ROUNDS}): saga ${fmt(result.a)}/s, the same writes as raw SQL in one transaction ${fmt(result.b)}/s → ratio ${(result.a / result.b).toFixed(2)}`,
  )
}

/** `count` checkouts by `CONCURRENCY` callers, each of a fresh cart: req/s and latencies. */
async function checkoutLoad(server: ChildServer, count: number): Promise<string> {
  const base = `http://127.0.0.1:${server.port}`
  const query = new URL(server.path, 'http://x').searchParams
  const headers = { ...server.headers, 'content-type': 'application/json' }
  const cartBody = JSON.stringify({
    regionId: query.get('region'),
    email: 'load@example.com',
    lines: [{ variantId: query.get('variant'), quantity: 1 }],
  })
  const carts: string[] = []
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${base}/api/store/carts`, {
      method: 'POST',
      headers,
      body: cartBody,
    })
    carts.push(((await response.json()) as { id: string }).id)
  }
  const latencies: number[] = []
  const reasons = new Set<string>()
  let failures = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let cartId = carts.pop(); cartId !== undefined; cartId = carts.pop()) {
        const began = performance.now()
        try {
          const response = await fetch(`${base}/api/store/carts/${cartId}/complete`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': randomUUID() },
            body: '{}',
          })
          await response.arrayBuffer()
          if (response.status !== 201) failures++
        } catch (error) {
          // A reset connection (a keep-alive socket closed as a request went out, on a loaded
          // machine) is counted and printed, not fatal to the run.
          failures++
          reasons.add(String((error as { cause?: { code?: string } }).cause?.code ?? error))
        }
        latencies.push(performance.now() - began)
      }
    }),
  )
  const seconds = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? NaN
  const failed = failures > 0 ? ` (${failures} failures! ${[...reasons].join(', ')})` : ''
  return `${fmt(count / seconds)} req/s, p50 ${median(latencies).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms${failed}`
}

async function overHttp(env: Record<string, string>, checkouts: number): Promise<void> {
  const server = await startChildServer({
    script: '../checkout/checkout-server.ts',
    env,
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const query = new URL(server.path, 'http://x').searchParams
    const base = `http://127.0.0.1:${server.port}`
    const headers = { ...server.headers, 'content-type': 'application/json' }
    const created = await fetch(`${base}/api/store/carts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ regionId: query.get('region') }),
    })
    const { id } = (await created.json()) as { id: string }
    const add = await runLoad({
      url: `${base}/api/store/carts/${id}/lines`,
      method: 'POST',
      headers,
      body: JSON.stringify({ variantId: query.get('variant'), quantity: 1 }),
      seconds: HTTP_SECONDS,
      connections: CONCURRENCY,
      pid: server.pid,
    })
    const failed = add.failures > 0 ? ` (${add.failures} failures!)` : ''
    console.log(
      `  HTTP add to cart: ${fmt(add.rps)} req/s, p50 ${add.p50Ms} ms, p99 ${add.p99Ms} ms${failed}`,
    )
    console.log(
      `  HTTP checkout (${checkouts} carts, ${CONCURRENCY} callers): ${await checkoutLoad(server, checkouts)}`,
    )
  } finally {
    await server.stop()
  }
}

console.log(`checkout bench: ${ROUNDS} alternating rounds (median)\n`)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, { label: 'PGlite', perRound: 50 })
} finally {
  await pglite.destroy()
}
console.log('PGlite over HTTP:')
await overHttp({}, 200)
const url = await ownBenchDatabase('rustok_bench_checkout')
if (url === undefined) {
  console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
} else {
  console.log('')
  const postgres = await createDb<unknown>({ driver: 'postgres', url })
  try {
    await serviceVersusSql(postgres, { label: 'PostgreSQL', perRound: 200 })
  } finally {
    await postgres.destroy()
  }
  console.log('PostgreSQL over HTTP:')
  await overHttp({ DATABASE_URL: url }, 500)
}
