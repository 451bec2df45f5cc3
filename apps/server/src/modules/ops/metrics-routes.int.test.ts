import { outboxStats } from '@rustok/outbox'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineRoute, defineServerModule, requires } from '@rustok/http'
import { registerServerMetrics } from '../../observability/register-server-metrics'
import {
  createTestServer,
  TEST_MODULE_OPTIONS,
  type TestServer,
} from '../../testing/test-server.test-helper'
import { serverModules } from '../server-modules'

// A tenant route with a path parameter, to see which label its requests get.
const probeModule = defineServerModule({
  name: 'probe',
  description: 'A test module',
  setup: () => ({
    services: undefined,
    routes: [
      defineRoute({
        method: 'get',
        path: '/api/probe/items/:id',
        operationId: 'getProbeItem',
        summary: 'One item',
        tags: ['probe'],
        access: requires('users:read'),
        request: { params: v.object({ id: v.string() }) },
        responses: { 200: { description: 'The item', schema: v.object({ id: v.string() }) } },
        handler: (c, { params }) => c.json({ id: params.id }),
      }),
    ],
  }),
})

/** The value of the sample `name{labels}`, or undefined when the text has none. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${name}${labels} `))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('GET /metrics (P2)', () => {
  let server: TestServer
  let request: (path: string, init?: RequestInit) => Promise<Response>
  const dispatcher = {
    published: 9,
    handled: 7,
    retried: 2,
    failed: 3,
    deadLettered: 1,
    rejected: 0,
    depth: 4,
    inFlight: {},
  }

  beforeAll(async () => {
    server = await createTestServer({
      modules: [...serverModules(TEST_MODULE_OPTIONS), probeModule],
    })
    registerServerMetrics(server.services, {
      pool: () => ({ total: 10, idle: 6, waiting: 2 }),
      dispatcher: () => dispatcher,
    })
    request = (path, init) => Promise.resolve(server.app.request(path, init))
  })
  afterAll(() => server.destroy())

  const metrics = async () => {
    const res = await request('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    return res.text()
  }
  const asAdmin = (id: string, token = server.acme.admin.accessToken) =>
    request(`/api/probe/items/${id}`, {
      headers: { authorization: `Bearer ${token}`, 'x-tenant-id': server.acme.tenant.id },
    })

  it('labels HTTP requests with the matched route pattern, not the raw path', async () => {
    expect(server.services.config.tenancy.headerName).toBe('x-tenant-id')
    expect((await asAdmin('item-1')).status).toBe(200)
    expect((await asAdmin('item-2')).status).toBe(200)
    expect((await asAdmin('item-3', 'not-a-token')).status).toBe(401)
    const text = await metrics()
    const route = 'route="/api/probe/items/:id"'
    expect(sample(text, 'http_requests_total', `{method="GET",${route},status="200"}`)).toBe(2)
    expect(sample(text, 'http_requests_total', `{method="GET",${route},status="401"}`)).toBe(1)
    expect(text).not.toContain('item-1')
    expect(text).not.toMatch(/route="unmatched"/)
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*items\/:id[^}]*\} 2/)
  })

  it('counts each route as an operation of its module, by outcome', async () => {
    const text = await metrics()
    const labels = (outcome: string) =>
      `{module="probe",operation="getProbeItem",outcome="${outcome}"}`
    expect(sample(text, 'module_operations_total', labels('ok'))).toBe(2)
    expect(sample(text, 'module_operations_total', labels('rejected'))).toBe(1)
    expect(text).toMatch(/module_operations_total\{module="ops",operation="getMetrics"/)
  })

  it('reports outbox depth and relay lag from the database', async () => {
    const stats = await outboxStats(server.services.db)
    expect(stats.pending).toBeGreaterThan(0) // the fixtures' events; no relay runs here
    const text = await metrics()
    expect(sample(text, 'outbox_events', '{status="pending"}')).toBe(stats.pending)
    expect(sample(text, 'outbox_events', '{status="failed"}')).toBe(stats.failed)
    expect(sample(text, 'outbox_relay_lag_seconds')).toBeGreaterThanOrEqual(0)
  })

  it('reports the tenant cache', async () => {
    const before = server.services.tenantCacheStats()
    await asAdmin('item-4')
    const after = server.services.tenantCacheStats()
    const text = await metrics()
    expect(sample(text, 'cache_hits_total', '{cache="tenant"}')).toBe(after.hits)
    expect(after.hits + after.misses).toBeGreaterThan(before.hits + before.misses)
    expect(sample(text, 'cache_entries', '{cache="tenant"}')).toBe(after.size)
  })

  it('reports the database pool and the event dispatcher the composition root passed', async () => {
    const text = await metrics()
    expect(sample(text, 'db_pool_connections', '{state="total"}')).toBe(10)
    expect(sample(text, 'db_pool_waiting_clients')).toBe(2)
    expect(sample(text, 'event_handler_failures_total')).toBe(3)
    expect(sample(text, 'event_dead_letters_total')).toBe(1)
    expect(sample(text, 'event_queue_depth')).toBe(4)
  })
})
