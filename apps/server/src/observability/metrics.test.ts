import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { httpMetrics, metricsHandler } from './http-metrics'
import { createMetrics } from './metrics'

function app() {
  const metrics = createMetrics({ defaultMetrics: false })
  const server = new Hono()
  server.use(httpMetrics(metrics))
  server.get('/posts/:id', (c) => c.json({ id: c.req.param('id') }))
  server.post('/posts', (c) => c.json({ created: true }, 201))
  server.get('/metrics', metricsHandler(metrics))
  return { server, metrics }
}

async function scrape(server: Hono): Promise<string> {
  const res = await server.request('/metrics')
  expect(res.status).toBe(200)
  expect(res.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return res.text()
}

describe('httpMetrics and metricsHandler', () => {
  it('counts requests by method, route pattern and status', async () => {
    const { server } = app()
    await server.request('/posts/1')
    await server.request('/posts/2')
    await server.request('/posts/3')
    await server.request('/posts', { method: 'POST' })
    const text = await scrape(server)
    expect(text).toContain('http_requests_total{method="GET",route="/posts/:id",status="200"} 3')
    expect(text).toContain('http_requests_total{method="POST",route="/posts",status="201"} 1')
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/posts/:id",status="200"} 3',
    )
    expect(text).not.toContain('route="/posts/1"')
  })

  it('never labels with the raw path, even for unmatched requests or odd methods', async () => {
    const { server } = app()
    await server.request('/no/such/thing/123')
    await server.request('/posts/1', { method: 'PROPFIND' })
    const text = await scrape(server)
    expect(text).not.toContain('/no/such/thing')
    expect(text).toMatch(/http_requests_total\{method="GET",route="[^"]*\*",status="404"\} 1/)
    expect(text).toMatch(/method="OTHER"/)
  })

  it('includes process metrics by default', async () => {
    const text = await createMetrics().text()
    expect(text).toContain('process_cpu_user_seconds_total')
    expect(text).toContain('nodejs_eventloop_lag_seconds')
  })
})

describe('module operations', () => {
  it('counts operations by module, operation and outcome', async () => {
    const { server, metrics } = app()
    metrics.observeOperation('commerce', 'place_order', 'ok')
    metrics.observeOperation('commerce', 'place_order', 'ok')
    metrics.observeOperation('commerce', 'place_order', 'rejected')
    const text = await scrape(server)
    expect(text).toContain(
      'module_operations_total{module="commerce",operation="place_order",outcome="ok"} 2',
    )
    expect(text).toContain(
      'module_operations_total{module="commerce",operation="place_order",outcome="rejected"} 1',
    )
  })
})

describe('registerCollector', () => {
  it('reads single values and labelled records at scrape time', async () => {
    const { server, metrics } = app()
    let waiting = 1
    metrics.registerCollector({ name: 'queue_waiting', help: 'Waiting.', collect: () => waiting })
    metrics.registerCollector({
      name: 'pool_clients',
      help: 'Clients.',
      labelName: 'state',
      collect: () => Promise.resolve({ idle: 3, busy: 2 }),
    })
    metrics.registerCollector({
      name: 'jobs_done_total',
      help: 'Done.',
      type: 'counter',
      collect: () => 41 + waiting,
    })
    expect(await scrape(server)).toContain('queue_waiting 1')
    waiting = 5
    const text = await scrape(server)
    expect(text).toContain('queue_waiting 5')
    expect(text).toContain('pool_clients{state="idle"} 3')
    expect(text).toContain('pool_clients{state="busy"} 2')
    expect(text).toContain('# TYPE jobs_done_total counter')
    expect(text).toContain('jobs_done_total 46')
  })

  it('drops a failing or hanging collector from the scrape and counts the failure', async () => {
    const { server, metrics } = app()
    metrics.registerCollector({
      name: 'broken',
      help: 'Throws.',
      collect: () => Promise.reject(new Error('db down')),
    })
    metrics.registerCollector({
      name: 'hanging',
      help: 'Never answers.',
      timeoutMs: 20,
      collect: () => new Promise<number>(() => {}),
    })
    metrics.registerCollector({ name: 'fine', help: 'Works.', collect: () => 7 })
    const text = await scrape(server)
    expect(text).toContain('fine 7')
    expect(text).not.toMatch(/^broken /m)
    expect(text).not.toMatch(/^hanging /m)
    expect(text).toContain('metrics_collector_errors_total{collector="broken"} 1')
    expect(text).toContain('metrics_collector_errors_total{collector="hanging"} 1')
  })
})
