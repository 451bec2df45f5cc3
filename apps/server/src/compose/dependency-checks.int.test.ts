import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'
import { outboxCheck } from './dependency-checks'

describe('readiness checks composed by the server', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it('reports the outbox as failing once the oldest pending event is older than the limit', async () => {
    // The test server runs no relay: the seed's events are pending.
    const check = outboxCheck(server.services.db, 60_000)
    const fresh = await check.check()
    expect(typeof fresh?.details.pending).toBe('number')
    await sql`update sys_events set created_at = now() - interval '2 minutes' where status = 'pending'`.execute(
      server.services.db,
    )
    await expect(check.check()).rejects.toThrow(/relay lag \d+ ms exceeds 60000 ms/)
  })

  it('lists database, outbox, tenant cache and the index projection in /health/ready, and stays ready when only the outbox lags', async () => {
    const response = await server.request('GET', '/health/ready', { tenant: null })
    const body = (await response.json()) as {
      status: string
      checks: { name: string; critical: boolean; status: string }[]
    }
    expect(body.checks.map((check) => check.name)).toEqual([
      'database',
      'outbox',
      'tenant-cache',
      'index-projection',
    ])
    // The lagging outbox (previous test) is non-critical: degraded, still 200.
    expect(response.status).toBe(200)
    expect(body.status).toBe('degraded')
    expect(body.checks.find((check) => check.name === 'outbox')).toMatchObject({
      critical: false,
      status: 'fail',
    })
  })
})
