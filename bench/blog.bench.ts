// The blog's benchmark (issue 14): 10,000 published posts × 3 locales; the main read (a page of 20
// posts in German through the fallback, with comment counts, featured images and reading time)
// and the main write (a comment: post checked, counters moved, row and outbox event in one
// transaction) through the blog services against the same work as hand-written SQL (ratio, same
// run, same database), then the post list and the RSS feed over HTTP through the whole server
// (req/s, p50, p99). On PGlite always; on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL
// is set (its own database, rustok_bench_blog).
import { randomUUID } from 'node:crypto'
import { contentEvents } from '@rustok/content'
import { blogEvents, createCommentService, createPostService } from '@rustok/content/blog'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { rawComment, rawPostList } from './blog/blog-raw'
import { seedNodes } from './content/content-seed'
import { startChildServer } from './http/child-server'
import { runLoad } from './http/load'
import { compare, fmt, ROUND_MS } from './kit/measure'
import { ownBenchDatabase } from './kit/own-database'

const NODES = Number(process.env.BENCH_NODES ?? 10_000)
const ROUNDS = 3
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
const CHAIN = ['de', 'en']

async function serviceVersusSql(db: Kysely<unknown>, label: string): Promise<void> {
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  await seedNodes(db, { tenantId, count: NODES })
  const events = createOutbox({ catalog: createEventCatalog(contentEvents, blogEvents) })
  const locales = (_tenant: string, requested: string) =>
    Promise.resolve(requested === 'de' ? CHAIN : [requested, 'en'])
  const posts = createPostService({ db, events, locales })
  const comments = createCommentService({
    db,
    events,
    requiresApproval: () => Promise.resolve(false),
  })
  const { rows } = await sql<{ id: string }>`select id from content_nodes
    where tenant_id = ${tenantId}::uuid order by published_at desc limit 50`.execute(db)
  const postIds = rows.map((row) => row.id)
  const postOf = (i: number) => postIds[i % postIds.length] ?? ''
  try {
    const list = await compare(
      () => posts.list(tenantId, { locale: 'de', limit: 20 }),
      () => rawPostList(db, { tenantId, locales: CHAIN }),
    )
    const comment = await compare(
      (i) =>
        comments.create(
          { tenantId, id: postOf(i) },
          { body: 'Nice post!' },
          { userId: randomUUID() },
        ),
      (i) =>
        rawComment(db, { tenantId, postId: postOf(i), id: randomUUID(), authorId: randomUUID() }),
    )
    console.log(`${label}: ${fmt(NODES)} posts × 3 locales`)
    console.log(
      `  list of 20 posts (de via fallback, counts, images, reading time): service ${fmt(list.a)}/s, raw SQL ${fmt(list.b)}/s → ratio ${(list.a / list.b).toFixed(2)}`,
    )
    console.log(
      `  comment (post check, counters, row, outbox event):              service ${fmt(comment.a)}/s, raw SQL ${fmt(comment.b)}/s → ratio ${(comment.a / comment.b).toFixed(2)}`,
    )
  } finally {
    await sql`delete from content_nodes where tenant_id = ${tenantId}::uuid`.execute(db)
    await sql`delete from sys_events where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

async function overHttp(env: Record<string, string>): Promise<void> {
  const server = await startChildServer({
    script: '../blog/blog-server.ts',
    env: { ...env, BENCH_NODES: String(NODES) },
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const targets = [
      ['list of 20 posts', server.path],
      ['RSS feed (20 items)', '/api/public/blog/feeds/de/rss'],
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

console.log(`blog bench: ${ROUNDS} rounds of ${ROUND_MS} ms (median)\n`)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, 'PGlite')
} finally {
  await pglite.destroy()
}
await overHttp({})
const url = await ownBenchDatabase('rustok_bench_blog')
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
