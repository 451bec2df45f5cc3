// The pages' benchmark (issue 14): 2,000 published pages × 3 locales with ten blocks each; the
// main read (a page by slug in German through the fallback, with its blocks localised) and the
// main write (a block added: page locked, block and texts, page touched, outbox event in one
// transaction) through the page service against the same work as hand-written SQL (ratio, same
// run, same database), then the page over HTTP through the whole server (req/s, p50, p99). On
// PGlite always; on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (its own
// database, rustok_bench_pages).
import { randomUUID } from 'node:crypto'
import { contentEvents } from '@rustok/content'
import { createPageService, pagesEvents } from '@rustok/content/pages'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { startChildServer } from './http/child-server'
import { runLoad } from './http/load'
import { compare, fmt, ROUND_MS } from './kit/measure'
import { ownBenchDatabase } from './kit/own-database'
import { rawAddBlock, rawPageBySlug } from './pages/pages-raw'
import { seedPages } from './pages/pages-seed'

const PAGES = Number(process.env.BENCH_PAGES ?? 2_000)
const ROUNDS = 3
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const CHAIN = ['de', 'en']

async function serviceVersusSql(db: Kysely<unknown>, label: string): Promise<void> {
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  await seedPages(db, { tenantId, count: PAGES })
  const events = createOutbox({ catalog: createEventCatalog(contentEvents, pagesEvents) })
  const locales = (_tenant: string, requested: string) =>
    Promise.resolve(requested === 'de' ? CHAIN : [requested, 'en'])
  const pages = createPageService({ db, events, locales })
  const { rows } = await sql<{ id: string }>`select id from content_nodes
    where tenant_id = ${tenantId}::uuid and kind = 'page' order by created_at desc limit 200`.execute(
    db,
  )
  const pageOf = (i: number) => rows[i % rows.length]?.id ?? ''
  const editor = { userId: randomUUID(), scope: 'all' } as const
  try {
    const read = await compare(
      (i) => pages.findBySlug(tenantId, { locale: 'de', slug: `page-${(i % PAGES) + 1}` }),
      (i) => rawPageBySlug(db, { tenantId, locales: CHAIN, slug: `page-${(i % PAGES) + 1}` }),
    )
    // The service returns the page after the change; the write alone is what is compared.
    const write = await compare(
      (i) =>
        pages.addBlock(
          { tenantId, pageId: pageOf(i) },
          { type: 'text', texts: { en: { body: 'More' } } },
          editor,
        ),
      (i) => rawAddBlock(db, { tenantId, pageId: pageOf(i), id: randomUUID() }),
    )
    console.log(`${label}: ${fmt(PAGES)} pages × 3 locales, 10 blocks each`)
    console.log(
      `  page by slug (de via fallback, 10 blocks localised): service ${fmt(read.a)}/s, raw SQL ${fmt(read.b)}/s → ratio ${(read.a / read.b).toFixed(2)}`,
    )
    console.log(
      `  add a block (lock, block, texts, page touched, event), the service then re-reads the page: service ${fmt(write.a)}/s, raw SQL ${fmt(write.b)}/s → ratio ${(write.a / write.b).toFixed(2)}`,
    )
  } finally {
    await sql`delete from content_nodes where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from sys_events where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

async function overHttp(env: Record<string, string>): Promise<void> {
  const server = await startChildServer({
    script: '../pages/pages-server.ts',
    env: { ...env, BENCH_PAGES: String(PAGES) },
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const result = await runLoad({
      url: `http://127.0.0.1:${server.port}${server.path}`,
      headers: server.headers ?? {},
      seconds: HTTP_SECONDS,
      connections: 10,
      pid: server.pid,
    })
    const failed = result.failures > 0 ? ` (${result.failures} failures!)` : ''
    console.log(
      `  HTTP page by slug: ${fmt(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${failed}`,
    )
  } finally {
    await server.stop()
  }
}

console.log(`pages bench: ${ROUNDS} rounds of ${ROUND_MS} ms (median)\n`)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, 'PGlite')
} finally {
  await pglite.destroy()
}
await overHttp({})
const url = await ownBenchDatabase('rustok_bench_pages')
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
