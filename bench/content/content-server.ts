// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has the content module on and
// 10,000 published posts in three locales; the load generator calls its public content routes.
import { sql } from 'kysely'
import { startBenchApp } from '../kit/bench-app'
import { seedNodes } from './content-seed'

const count = Number(process.env.BENCH_NODES ?? 10_000)
const bench = await startBenchApp({
  slug: 'bench-content',
  name: 'Content bench',
  modules: ['content'],
  locales: ['ru', 'de'],
})
const { db, tenant } = bench
await seedNodes(db, { tenantId: tenant.id, count })

bench.listen(
  {
    path: `/api/public/content/slugs/post/de/post-${Math.ceil(count / 2)}`,
    notes: [`${count.toLocaleString('en')} published posts × 3 locales (bodies in en and ru)`],
  },
  // Leaves nothing behind in a shared bench database (the translations and bodies cascade).
  async () => {
    await sql`delete from content_nodes where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
