// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has content and pages on and
// published pages of ten blocks in three locales; the load generator calls the public page route.
import { sql } from 'kysely'
import { startBenchApp } from '../kit/bench-app'
import { seedPages } from './pages-seed'

const count = Number(process.env.BENCH_PAGES ?? 2_000)
const bench = await startBenchApp({
  slug: 'bench-pages',
  name: 'Pages bench',
  modules: ['content', 'pages'],
  locales: ['ru', 'de'],
})
const { db, tenant } = bench
await seedPages(db, { tenantId: tenant.id, count })

bench.listen(
  {
    path: '/api/public/pages/page-7?locale=de',
    notes: [
      `${count.toLocaleString('en')} published pages × 3 locales, 10 blocks each (texts in en, half in ru)`,
    ],
  },
  // Leaves nothing behind in a shared bench database (the translations and bodies cascade).
  async () => {
    await sql`delete from content_nodes where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
