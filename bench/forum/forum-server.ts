// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits) on in-memory PGlite or DATABASE_URL, with a tenant that has content and forum on and a
// category of 10,000 topics; the load generator calls its public forum routes.
import { startBenchApp } from '../kit/bench-app'
import { dropForum, seedForum } from './forum-seed'

const count = Number(process.env.BENCH_TOPICS ?? 10_000)
const bench = await startBenchApp({
  slug: 'bench-forum',
  name: 'Forum bench',
  modules: ['content', 'forum'],
})
const { db, tenant } = bench
const categoryId = await seedForum(db, { tenantId: tenant.id, count })

bench.listen(
  {
    path: `/api/public/forum/categories/${categoryId}/topics?limit=20`,
    notes: [`${count.toLocaleString('en')} topics in one category (every 500th pinned)`],
  },
  // Leaves nothing behind in a shared bench database.
  () => dropForum(db, tenant.id),
)
