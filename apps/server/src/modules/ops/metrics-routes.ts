import type { Services } from '../../compose/services'
import { defineRoute, PUBLIC, type Route } from '@rustok/http'
import { metricsHandler } from '../../observability/http-metrics'

/**
 * `/metrics`: the Prometheus text exposition of `services.metrics` (requirement P2). Public, like
 * every scrape target without a tenant (a token is bound to a tenant): keep it off the public
 * network at the proxy.
 */
export function metricsRoutes(services: Services): readonly Route[] {
  const handler = metricsHandler(services.metrics)
  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'HTTP requests by route pattern, module operations, tenant cache, outbox depth and relay ' +
        'lag, database pool and event handlers (when present), and process metrics.',
      tags: ['ops'],
      access: PUBLIC,
      tenant: 'none',
      responses: {
        200: {
          description: 'Prometheus text format',
          contentType: services.metrics.contentType,
        },
      },
      handler,
    }),
  ]
}
