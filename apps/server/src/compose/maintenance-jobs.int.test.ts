import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'
import { jobMetrics, startJobs } from './job-runner'

const DAY = 86_400_000
const JOBS = ['auth-maintenance', 'events-maintenance', 'http-maintenance']
/** The column each table's rows age by. */
const AGE_COLUMN: Readonly<Record<string, string>> = {
  sessions: 'expires_at',
  auth_tokens: 'expires_at',
  login_throttle: 'window_start',
  sys_events: 'dispatched_at',
  sys_inbox: 'handled_at',
  http_idempotency: 'expires_at',
  rate_limit_hits: 'window_start',
}

/** A metric's value for the labels, from the Prometheus text; 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`)
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`${name}{`) && wanted.every((label) => entry.includes(label)))
  return line === undefined ? 0 : Number(line.split(' ').at(-1))
}

// Bounded growth: each module's clean-up job, run by the worker role's job runner. Two runners
// stand for two worker processes; on PostgreSQL their deletes truly run in parallel.
describe('the maintenance jobs (worker role)', () => {
  let server: TestServer
  const expected: Record<string, Record<string, number>> = {
    'auth-maintenance': { sessions: 7, auth_tokens: 4, login_throttle: 6 },
    'events-maintenance': { sys_events: 9, sys_inbox: 5 },
    'http-maintenance': { http_idempotency: 8, rate_limit_hits: 10 },
  }

  beforeAll(async () => {
    server = await createTestServer({ config: { maintenance: { intervalMs: 1_000 } } })
    const { db } = server.services
    const tenant = server.acme.tenant.id
    const user = server.acme.admin.id
    const long = new Date(Date.now() - 30 * DAY)
    const repeat = async (n: number, insert: () => Promise<unknown>) => {
      for (let i = 0; i < n; i++) await insert()
    }
    await repeat(7, () =>
      sql`insert into sessions (id, tenant_id, user_id, family_id, refresh_token_hash, expires_at)
        values (${randomUUID()}, ${tenant}, ${user}, ${randomUUID()}, ${randomUUID()}, ${long})`.execute(
        db,
      ),
    )
    await repeat(4, () =>
      sql`insert into auth_tokens (id, tenant_id, purpose, token_hash, email, expires_at)
        values (${randomUUID()}, ${tenant}, 'invite', ${randomUUID()}, 'x@acme.test', ${long})`.execute(
        db,
      ),
    )
    await repeat(6, () =>
      sql`insert into login_throttle (key, window_start, count)
        values (${`ip:${randomUUID()}`}, ${long}, 1)`.execute(db),
    )
    await repeat(9, async () => {
      const id = randomUUID()
      await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
          correlation_id, occurred_at, payload, status, dispatched_at)
        values (${id}, ${tenant}, 'user.registered', 1, 'user', ${id}, ${id}, ${long}, '{}',
          'dispatched', ${long})`.execute(db)
    })
    await repeat(5, () =>
      sql`insert into sys_inbox (handler, event_id, handled_at)
        values ('audit-log', ${randomUUID()}, ${long})`.execute(db),
    )
    await repeat(8, () =>
      sql`insert into http_idempotency (tenant_id, principal, idempotency_key, fingerprint, state,
          lock_token, created_at, expires_at)
        values (${tenant}, 'anonymous', ${randomUUID()}, 'f', 'completed', 't', ${long}, ${long})`.execute(
        db,
      ),
    )
    await repeat(10, () =>
      sql`insert into rate_limit_hits (key, window_start, count)
        values (${randomUUID()}, ${long}, 1)`.execute(db),
    )
  })
  afterAll(() => server.destroy())

  it('each module contributes its job', () => {
    expect(server.services.composed.jobs.map((job) => job.name).sort()).toEqual(
      [
        ...JOBS,
        'commerce-checkout-recovery',
        'commerce-reservation-expiry',
        'content-schedule',
        'index-rebuild-resume',
        'webhooks-delivery',
        'webhooks-retention',
      ].sort(),
    )
  })

  it('two workers remove every expired row once between them, and the metrics count them', async () => {
    const { metrics, logger } = server.services
    const runners = [1, 2].map(() =>
      startJobs(
        server.services.composed.jobs.filter((job) => JOBS.includes(job.name)),
        logger,
        jobMetrics(metrics),
      ),
    )
    try {
      // Both runners have run every job at least once.
      await expect
        .poll(
          async () => {
            const text = await metrics.text()
            return JOBS.every(
              (job) => sample(text, 'scheduled_job_runs_total', { job, outcome: 'ok' }) >= 2,
            )
          },
          { timeout: 30_000, interval: 100 },
        )
        .toBe(true)
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()))
    }
    const text = await metrics.text()
    for (const [job, tables] of Object.entries(expected)) {
      for (const [table, count] of Object.entries(tables)) {
        expect(sample(text, 'maintenance_removed_rows_total', { job, table }), table).toBe(count)
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from ${sql.table(table)}
          where ${sql.ref(AGE_COLUMN[table] ?? 'missing')} < ${new Date(Date.now() - 20 * DAY)}`.execute(
          server.services.db,
        )
        expect(rows[0]?.n, table).toBe(0)
      }
    }
    expect(sample(text, 'scheduled_job_runs_total', { outcome: 'error' })).toBe(0)
  }, 60_000)
})
