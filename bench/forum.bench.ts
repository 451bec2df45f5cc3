// The forum's benchmark (issue 14): a category of 10,000 topics; the main read (a page of 20 topics,
// pinned first then by last activity) and the main write (a reply: topic locked and checked,
// counters and last activity of topic and category moved, row and outbox event in one
// transaction) through the forum service against the same work as hand-written SQL (ratio, same
// run, same database), then the topic list and the category list over HTTP through the whole
// server (req/s, p50, p99). On PGlite always; on PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set (its own database, rustok_bench_forum).
import { randomUUID } from 'node:crypto'
import { contentEvents } from '@rustok/content'
import { createForumService, forumEvents } from '@rustok/content/forum'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { migrationsOf } from '@rustok/http'
import { createOutbox } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { serverModules } from '../apps/server/src/modules/server-modules'
import { rawReply, rawTopicList } from './forum/forum-raw'
import { dropForum, seedForum } from './forum/forum-seed'
import { startChildServer } from './http/child-server'
import { runLoad } from './http/load'
import { compare, fmt, ROUND_MS } from './kit/measure'
import { ownBenchDatabase } from './kit/own-database'

const TOPICS = Number(process.env.BENCH_TOPICS ?? 10_000)
const ROUNDS = 3
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)

async function serviceVersusSql(db: Kysely<unknown>, label: string): Promise<void> {
  await createMigrator({ db, modules: migrationsOf(serverModules()) }).up()
  const tenantId = randomUUID()
  const categoryId = await seedForum(db, { tenantId, count: TOPICS })
  const events = createOutbox({ catalog: createEventCatalog(contentEvents, forumEvents) })
  const forum = createForumService({ db, events })
  const { rows } = await sql<{ id: string }>`select id from content_forum_topics
    where tenant_id = ${tenantId}::uuid order by last_activity_at desc limit 50`.execute(db)
  const topicIds = rows.map((row) => row.id)
  const topicOf = (i: number) => topicIds[i % topicIds.length] ?? ''
  try {
    const list = await compare(
      () => forum.listTopics({ tenantId, id: categoryId }, { limit: 20 }),
      () => rawTopicList(db, { tenantId, categoryId }),
    )
    const reply = await compare(
      (i) =>
        forum.reply({ tenantId, id: topicOf(i) }, { body: 'Agreed!' }, { userId: randomUUID() }),
      (i) =>
        rawReply(db, { tenantId, topicId: topicOf(i), id: randomUUID(), authorId: randomUUID() }),
    )
    console.log(`${label}: ${fmt(TOPICS)} topics in one category`)
    console.log(
      `  page of 20 topics (pinned first, last activity):         service ${fmt(list.a)}/s, raw SQL ${fmt(list.b)}/s → ratio ${(list.a / list.b).toFixed(2)}`,
    )
    console.log(
      `  reply (topic lock, counters, last activity, row, event): service ${fmt(reply.a)}/s, raw SQL ${fmt(reply.b)}/s → ratio ${(reply.a / reply.b).toFixed(2)}`,
    )
  } finally {
    await dropForum(db, tenantId)
    await sql`delete from sys_events where tenant_id = ${tenantId}::uuid`.execute(db)
  }
}

async function overHttp(env: Record<string, string>): Promise<void> {
  const server = await startChildServer({
    script: '../forum/forum-server.ts',
    env: { ...env, BENCH_TOPICS: String(TOPICS) },
    timeoutMs: 180_000,
  })
  try {
    for (const note of server.notes ?? []) console.log(`  ${note}`)
    const targets = [
      ['page of 20 topics', server.path],
      ['category list', '/api/public/forum/categories?locale=en'],
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

console.log(`forum bench: ${ROUNDS} rounds of ${ROUND_MS} ms (median)\n`)
const pglite = await createDb<unknown>({ driver: 'pglite' })
try {
  await serviceVersusSql(pglite, 'PGlite')
} finally {
  await pglite.destroy()
}
await overHttp({})
const url = await ownBenchDatabase('rustok_bench_forum')
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
