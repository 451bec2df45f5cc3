// The content module's benchmark (issue 13): 10,000 published posts × 3 locales; a post by slug
// with the body through the fallback chain (de → en), a page of 20 posts and a create (the main
// write), through the node service against the same work as hand-written SQL (ratio, same run,
// same database), then the reads over HTTP through the whole server (req/s, p50, p99). On PGlite
// always; on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (its own database,
// rustok_bench_content).
import { randomUUID } from 'node:crypto'
import { createDb, createMigrator } from '@rustok/core-db'
import { contentEvents, createNodeService } from '@rustok/content'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { sql, type Kysely } from 'kysely'
import { rawBySlug, rawCreate, rawList } from './content/content-raw'
import { seedNodes } from './content/content-seed'
import { startChildServer } from './http/child-server'
import { runLoad } from './http/load'
import { compare, fmt, ROUND_MS } from './kit/measure'
import { ownBenchDatabase } from './kit/own-database'

const NODES = Number(process.env.BENCH_NODES ?? 10_000)
const ROUNDS = 3
const slugOf = (i: number): string => `post-${1 + ((i * 7919) % NODES)}`
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const CHAIN = ['de', 'en']

async function serviceVersusSql(db: Kysely<unknown>, label: string): Promise<void> {
  // Every module's tables, as the HTTP child migrates them: both share one database.
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  const seeded = performance.now()
  await seedNodes(db, { tenantId, count: NODES })
  console.log(
    `${label}: seeded ${fmt(NODES)} posts × 3 locales in ${fmt(performance.now() - seeded)} ms`,
  )
  const nodes = createNodeService({
    db,
    events: createOutbox({ catalog: createEventCatalog(contentEvents) }),
    locales: (_tenant, requested) =>
      Promise.resolve(requested === 'de' ? CHAIN : [requested, 'en']),
  })
  try {
    const check = await nodes.findBySlug(
      { tenantId, publishedOnly: true },
      { kind: 'post', locale: 'de', slug: 'post-1' },
    )
    if (check.node.body?.locale !== 'en') throw new Error('the seeded body did not fall back to en')
    const bySlug = await compare(
      (i) =>
        nodes.findBySlug(
          { tenantId, publishedOnly: true },
          { kind: 'post', locale: 'de', slug: slugOf(i) },
        ),
      (i) => rawBySlug(db, { tenantId, slug: slugOf(i), locales: CHAIN }),
    )
    const list = await compare(
      () =>
        nodes.list(
          { tenantId, publishedOnly: true },
          {
            kind: 'post',
            locale: 'de',
            limit: 20,
            sort: { field: 'publishedAt', direction: 'desc' },
          },
        ),
      () => rawList(db, { tenantId, locales: CHAIN }),
    )
    const create = await compare(
      (i) =>
        nodes.create(
          tenantId,
          {
            kind: 'post',
            translations: [{ locale: 'en', title: `Title s${i}-${randomUUID().slice(0, 8)}` }],
            bodies: [{ locale: 'en', body: 'A **new** post.' }],
          },
          { userId: null, scope: 'all' },
        ),
      (i) =>
        rawCreate(db, {
          tenantId,
          id: randomUUID(),
          eventId: randomUUID(),
          slug: `title-r${i}-${randomUUID().slice(0, 8)}`,
        }),
    )
    console.log(
      `  get by slug (de, body via fallback): service ${fmt(bySlug.a)}/s, raw SQL ${fmt(bySlug.b)}/s → ratio ${(bySlug.a / bySlug.b).toFixed(2)}`,
    )
    console.log(
      `  list of 20 (de, newest published):   service ${fmt(list.a)}/s, raw SQL ${fmt(list.b)}/s → ratio ${(list.a / list.b).toFixed(2)}`,
    )
    console.log(
      `  create (1 translation, 1 body, revision, outbox event): service ${fmt(create.a)}/s, raw SQL ${fmt(create.b)}/s → ratio ${(create.a / create.b).toFixed(2)}`,
    )
  } finally {
    await sql`delete from content_nodes where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from sys_events where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

async function overHttp(env: Record<string, string>): Promise<void> {
  const server = await startChildServer({
    script: '../content/content-server.ts',
    env: { ...env, BENCH_NODES: String(NODES) },
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const targets = [
      ['get by slug', server.path],
      ['list of 20', '/api/public/content/nodes?kind=post&locale=de&limit=20'],
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
  `content bench: ${fmt(NODES)} posts × 3 locales, ${ROUNDS} rounds of ${ROUND_MS} ms (median)\n`,
)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, 'PGlite')
} finally {
  await pglite.destroy()
}
await overHttp({})
const url = await ownBenchDatabase('rustok_bench_content')
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
