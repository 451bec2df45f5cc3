// Prints the webhook delivery rate to a fast loopback receiver, and the write path's throughput
// (a row update and its event through the outbox, closed loop) while the worker role's webhook
// machinery runs, with 10 endpoints subscribed to the written events against none (ratio; the
// goal is ≥ 0.95: deliveries never run in the write's transaction). On PostgreSQL
// (BENCH_DATABASE_URL or TEST_DATABASE_URL) and on PGlite, each in a fresh database.
// Run: pnpm bench:webhooks
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb } from '@rustok/test-utils'
import { createEnvelope } from '@rustok/core-events'
import {
  createDeliveryService,
  createEndpointService,
  createFanoutHandler,
  webhookEndpointUpdated,
  webhookMigrations,
} from '@rustok/webhooks'
import { sql, type Kysely } from 'kysely'
import { startReceiverRole, startWorkerRole } from './webhooks/worker-role-process'
import {
  benchModule,
  benchTenantId,
  commandWithOutbox,
  seedItems,
  touched,
  type BenchDb,
} from './outbox/bench-schema'
import { startChildServer } from './http/child-server'
import { runLoad } from './http/load'
import { compare, fmt } from './kit/measure'
import { closedLoopRate, resetOutbox } from './outbox/measure'
import {
  benchWorker,
  resetWebhooks,
  startBackground,
  startFastReceiver,
  subscribe,
  webhooksBenchCatalog,
  type WebhooksBenchDb,
} from './webhooks/webhooks-measure'

const items = 10_000
const endpoints = 10

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

async function measure(label: string, url: string): Promise<number> {
  const writers = url ? 4 : 1
  const events = url ? 1_000 : 300
  const testDb = await createTestDb<WebhooksBenchDb>({
    modules: [outboxMigrations, benchModule, webhookMigrations],
    url,
  })
  const receiver = await startFastReceiver()
  try {
    const { db } = testDb
    // The outbox bench's helpers take its own tables' type; the webhook tables are beside them.
    const benchDb = db as unknown as Kysely<BenchDb>
    const outbox = createOutbox({ catalog: webhooksBenchCatalog })
    await seedItems(benchDb, items)
    log(`\n== ${label} (fresh ${testDb.driver} database, ${writers} writer(s)) ==`)

    // Delivery rate: `events` events fanned out to 10 endpoints, drained by one or two workers.
    for (const workers of [1, 2]) {
      await resetWebhooks(db)
      await resetOutbox(benchDb)
      await subscribe(db, outbox, { count: endpoints, url: receiver.url })
      const fanout = createFanoutHandler({ db })
      const fanStarted = performance.now()
      for (let n = 0; n < events; n++) await fanout.handle(touched(n % items, n))
      const fanSeconds = (performance.now() - fanStarted) / 1000
      const before = receiver.count
      const started = performance.now()
      const drained = await Promise.all(
        Array.from({ length: workers }, () => benchWorker(db, outbox).drain()),
      )
      const seconds = (performance.now() - started) / 1000
      const total = drained.reduce((sum, n) => sum + n, 0)
      const left = await sql<{ n: string }>`
        select count(*) as n from webhook_deliveries where status <> 'succeeded'`.execute(db)
      log(
        `deliveries, ${workers} worker(s): ${(total / seconds).toFixed(0)} deliveries/s ` +
          `(${total} to a loopback receiver, ${receiver.count - before} received, ` +
          `${left.rows[0]?.n ?? '?'} not delivered; fan-out ${(events / fanSeconds).toFixed(0)} events/s ` +
          `into ${endpoints} deliveries each)`,
      )
    }

    // The module's main read and write through the service against the same SQL written by hand:
    // a page of 20 of an endpoint's deliveries; a change of an endpoint with its event.
    const [firstEndpoint] = await db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('tenant_id', '=', benchTenantId)
      .execute()
    const ref = { tenantId: benchTenantId, id: firstEndpoint?.id ?? '' }
    const service = createDeliveryService({ db, events: outbox })
    const read = await compare(
      () => service.list(ref, { limit: 20 }),
      () =>
        sql`select id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at,
              last_status, last_error, created_at, delivered_at
            from webhook_deliveries where tenant_id = ${ref.tenantId} and endpoint_id = ${ref.id}
            order by id desc limit 21`.execute(db),
    )
    log(
      `read a page of 20 deliveries: service ${fmt(read.a)} ops/s, raw SQL ${fmt(read.b)} ops/s ` +
        `— ratio ${(read.a / read.b).toFixed(2)} (the service also checks the endpoint is the tenant's)`,
    )
    const endpointService = createEndpointService({ db, events: outbox })
    const write = await compare(
      (i) => endpointService.update(ref, { description: `service ${i}` }, { userId: null }),
      (i) =>
        db.transaction().execute(async (trx) => {
          await sql`update webhook_endpoints set description = ${`raw ${i}`}, updated_at = now()
            where tenant_id = ${ref.tenantId} and id = ${ref.id}`.execute(trx)
          await outbox.publishInTx(trx, [
            createEnvelope(
              webhookEndpointUpdated,
              { endpointId: ref.id },
              { tenantId: ref.tenantId },
            ),
          ])
        }),
    )
    log(
      `update an endpoint with its event: service ${fmt(write.a)} ops/s, raw SQL ${fmt(write.b)} ops/s ` +
        `— ratio ${(write.a / write.b).toFixed(2)}`,
    )

    // The write path (a row update and its event, one transaction), none subscribed vs 10
    // endpoints subscribed, alternated; first alone (the gate: subscriptions add nothing to the
    // write), then while the worker role fans out and delivers (on PostgreSQL in its own process,
    // as deployed; on PGlite in this one), sharing this machine's CPUs. The endpoints' receiver
    // runs in a process of its own (a tenant's receiver is never in the writer's event loop), on
    // the same CPUs too.
    const command = commandWithOutbox(benchDb, outbox)
    const remote = await startReceiverRole()
    const workerCost: { cpuMs: number; delivered: number }[] = []
    const writeRates = async (worker: 'none' | 'process' | 'inline') => {
      const rates: Record<'none' | 'ten', number[]> = { none: [], ten: [] }
      for (const order of [
        ['none', 'ten'],
        ['ten', 'none'],
      ] as const) {
        for (const kind of order) {
          await resetWebhooks(db)
          await resetOutbox(benchDb)
          if (kind === 'ten') await subscribe(db, outbox, { count: endpoints, url: remote.url })
          const background =
            worker === 'none'
              ? undefined
              : worker === 'process'
                ? await startWorkerRole(testDb.url ?? '')
                : startBackground(db, outbox)
          rates[kind].push(await closedLoopRate(command, { writers, items, ms: 3_000 }))
          const cpuMs = await background?.stop()
          if (worker === 'process' && kind === 'ten' && typeof cpuMs === 'number') {
            // What the worker role spent per delivery it made (less sensitive to a busy machine
            // than the rates): its relay and fan-out ran for every event, none or ten.
            const { rows } = await sql<{ n: string }>`
              select count(*) as n from webhook_deliveries where status = 'succeeded'`.execute(db)
            workerCost.push({ cpuMs, delivered: Number(rows[0]?.n ?? 0) })
          }
        }
      }
      const best = (values: number[]) => Math.max(...values)
      return {
        none: best(rates.none),
        ten: best(rates.ten),
        ratio: best(rates.ten) / best(rates.none),
      }
    }
    const alone = await writeRates('none')
    log(
      `write path alone (update + event, 3 s × 3 rounds each, best): none subscribed ` +
        `${alone.none.toFixed(0)} commands/s, ${endpoints} endpoints subscribed ` +
        `${alone.ten.toFixed(0)} commands/s — ratio ${alone.ratio.toFixed(2)} ` +
        `${alone.ratio >= 0.95 ? '(≥ 0.95 ✓)' : '(< 0.95 ✗)'}`,
    )
    const contended = await writeRates(url ? 'process' : 'inline')
    const remotelyReceived = await remote.stop()
    log(
      `write path while the worker role delivers (${url ? 'its own process' : 'same process'}, ` +
        `shared CPUs): none subscribed ${contended.none.toFixed(0)} commands/s, ${endpoints} ` +
        `endpoints subscribed ${contended.ten.toFixed(0)} commands/s — ratio ` +
        `${contended.ratio.toFixed(2)} (${remotelyReceived} requests received; the ${endpoints}× ` +
        `deliveries and their receiver compete for the same CPUs)`,
    )
    for (const { cpuMs, delivered } of workerCost)
      log(
        `  worker role while ${endpoints} endpoints were subscribed: ${cpuMs.toFixed(0)} ms CPU, ` +
          `${delivered} deliveries made — ${(cpuMs / Math.max(delivered, 1)).toFixed(2)} ms CPU ` +
          `per delivery (relay and fan-out included)`,
      )
    const ratio = alone.ratio
    return ratio
  } finally {
    await receiver.close()
    await testDb.destroy()
  }
}

const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? ''
const ratios: number[] = []
if (pgUrl) ratios.push(await measure('PostgreSQL', pgUrl))
else log('(no BENCH_DATABASE_URL / TEST_DATABASE_URL: PostgreSQL skipped)')
ratios.push(await measure('PGlite', ''))
// The delivery log over the whole server (every layer), as an admin reads it.
const server = await startChildServer({
  script: '../webhooks/webhooks-server.ts',
  env: {},
  timeoutMs: 180_000,
})
try {
  log('\n== HTTP (whole server, PGlite) ==')
  for (const note of server.notes ?? []) log(`  ${note}`)
  const result = await runLoad({
    url: `http://127.0.0.1:${server.port}${server.path}`,
    headers: server.headers ?? {},
    seconds: Number(process.env.BENCH_HTTP_SECONDS ?? 5),
    connections: 10,
    pid: server.pid,
  })
  const failed = result.failures > 0 ? ` (${result.failures} failures!)` : ''
  log(
    `  HTTP delivery log, page of 20: ${fmt(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${failed}`,
  )
} finally {
  await server.stop()
}
log(
  `\nwrite-path ratio (10 endpoints subscribed / none): ${ratios.map((r) => r.toFixed(2)).join(', ')} ` +
    `— goal ≥ 0.95; figures on a shared machine are noisy, rerun when it is idle`,
)
process.exit(0)
