// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has content and blog on and
// 10,000 published posts in three locales; the load generator calls its public blog routes.
import { sql } from 'kysely'
import { seedNodes } from '../content/content-seed'
import { startBenchApp } from '../kit/bench-app'

const count = Number(process.env.BENCH_NODES ?? 10_000)
const bench = await startBenchApp({
  slug: 'bench-blog',
  name: 'Blog bench',
  modules: ['content', 'blog'],
  locales: ['ru', 'de'],
})
const { db, tenant } = bench
await seedNodes(db, { tenantId: tenant.id, count })

bench.listen(
  {
    path: '/api/public/blog/posts?locale=de&limit=20',
    notes: [`${count.toLocaleString('en')} published posts × 3 locales (bodies in en and ru)`],
  },
  async () => {
    await sql`delete from content_nodes where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
