import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, happened, thingModule, type TestDb } from './internal/test-fixtures.test-helper'
import { createOutbox } from './outbox'
import { outboxMigrations } from './outbox-migrations'
import { outboxLag } from './outbox-stats'

// The readiness check runs outboxLag on every probe of a public endpoint: it must not count
// the table, which holds every delivered event of the retention period.
describe('outboxLag', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const outbox = createOutbox({ catalog })
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())

  it('is 0 with nothing pending, then the age of the oldest pending event', async () => {
    expect(await outboxLag(db)).toBe(0)
    await outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('a', 1)]))
    await sql`update sys_events set created_at = now() - interval '90 seconds'`.execute(db)
    await outbox.transaction(db, (trx) => outbox.publishInTx(trx, [happened('b', 1)]))
    const lag = await outboxLag(db)
    expect(lag).toBeGreaterThanOrEqual(90_000)
    expect(lag).toBeLessThan(120_000)
  })

  it('reads one entry of the pending index, however many delivered rows the table holds', async () => {
    await sql`
      insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload, status, dispatched_at)
      select gen_random_uuid(), '0190a000-0000-7000-8000-000000000001', 'thing.happened', 1,
        'thing', 'bulk', gen_random_uuid(), now(), '{}'::jsonb, 'dispatched', now()
      from generate_series(1, 5000)`.execute(db)
    await sql`analyze sys_events`.execute(db)
    // The statement outboxLag really runs, caught on its way to the driver, then explained.
    let statement = ''
    const spy = db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        statement = db.getExecutor().compileQuery(node, queryId).sql
        return node
      },
      transformResult: ({ result }) => Promise.resolve(result),
    })
    await outboxLag(spy)
    expect(statement).toMatch(/sys_events/)
    const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
      explain (analyze, format json) ${sql.raw(statement)}`.execute(db)
    const plan = JSON.stringify(rows[0]?.['QUERY PLAN'])
    expect(plan).toContain('"Index Name":"sys_events_pending_seq"')
    expect(plan).not.toContain('"Node Type":"Seq Scan"')
  })
})
