import { Registry, type Counter } from 'prom-client'
import { describe, expect, it, vi } from 'vitest'
import { createMetrics } from './metrics'

describe('createMetrics label children', () => {
  it('resolves the label children of a series once and reuses them for every request', async () => {
    const registry = new Registry()
    const metrics = createMetrics({ registry, defaultMetrics: false })
    const requests = registry.getSingleMetric('http_requests_total') as Counter
    const operations = registry.getSingleMetric('module_operations_total') as Counter
    const resolveRequest = vi.spyOn(requests, 'labels')
    const resolveOperation = vi.spyOn(operations, 'labels')
    const observation = { method: 'GET', route: '/api/tenant', status: 200, durationSeconds: 0.001 }
    for (let n = 0; n < 3; n++) {
      metrics.observeRequest(observation)
      metrics.observeOperation('tenancy', 'getCurrentTenant', 'ok')
    }
    metrics.observeRequest({ ...observation, status: 404 })
    expect(resolveRequest).toHaveBeenCalledTimes(2)
    expect(resolveOperation).toHaveBeenCalledTimes(1)
    const text = await metrics.text()
    expect(text).toContain('http_requests_total{method="GET",route="/api/tenant",status="200"} 3')
    expect(text).toContain('http_requests_total{method="GET",route="/api/tenant",status="404"} 1')
    expect(text).toContain(
      'module_operations_total{module="tenancy",operation="getCurrentTenant",outcome="ok"} 3',
    )
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/tenant",status="200"} 3',
    )
  })
})
