// The whole server (every module, request log, metrics, tenant resolution, module guard, rate
// limits, authentication) on in-memory PGlite or DATABASE_URL, with a tenant that has the webhooks
// module on, an admin signed in, and an endpoint with 1,000 deliveries; the load generator reads
// its delivery log, a page of 20.
import { webhooksModule } from '@rustok/webhooks/http'
import { sql } from 'kysely'
import { startBenchApp } from '../kit/bench-app'

const PASSWORD = 'bench password 123'
const bench = await startBenchApp({
  slug: 'bench-webhooks',
  name: 'Webhooks bench',
  modules: ['webhooks'],
})
const { db, tenant, services } = bench
const email = `admin@${tenant.slug}.test`
const registered = await services.auth.users.register({
  tenantId: tenant.id,
  email,
  password: PASSWORD,
  role: 'admin',
  emailVerified: true,
})
if (!registered.ok) throw new Error(`bench user not created: ${registered.reason}`)
const login = await services.auth.sessions.login({ tenantId: tenant.id, email, password: PASSWORD })
if (!login.ok) throw new Error(`bench sign-in failed: ${login.reason}`)

const webhooks = services.composed.services(webhooksModule)
const { endpoint } = await webhooks.endpoints.create(
  tenant.id,
  { url: 'https://example.com/hook', eventTypes: ['*'], enabled: false },
  { userId: null },
)
for (let i = 0; i < 1_000; i++)
  await webhooks.deliveries.sendTest({ tenantId: tenant.id, id: endpoint.id })

bench.listen(
  {
    path: `/api/webhooks/endpoints/${endpoint.id}/deliveries?limit=20`,
    headers: { authorization: `Bearer ${login.accessToken}` },
    notes: ['an endpoint with 1,000 deliveries; a page of 20, newest first, as its admin'],
  },
  async () => {
    await sql`delete from webhook_endpoints where tenant_id = ${tenant.id}::uuid`.execute(db)
  },
)
