import type { Services } from '../../compose/services'
import { defineRoute, PUBLIC, type Route } from '@rustok/http'
import { createHealth } from '../../observability/health'
import { LivenessSchema, ModulesHealthSchema, ReadinessSchema } from './health-schemas'
import { moduleHealth } from './module-health'

const platform = { tags: ['ops'], access: PUBLIC, tenant: 'none' } as const

/**
 * `/health/live`, `/health/ready` and `/health/modules` (requirement P5). Readiness runs
 * `services.healthChecks` (the database, critical, and those the composition root added) in
 * parallel, each with its timeout; a failing critical check answers 503. A failure's own message
 * (which may name a host and port) is logged; the answers give only `unavailable` or `timed out`.
 */
export function healthRoutes(services: Services): readonly Route[] {
  const health = createHealth({
    checks: services.healthChecks,
    modules: () => moduleHealth(services.composed.modules),
    logger: services.logger,
  })
  return [
    defineRoute({
      ...platform,
      method: 'get',
      path: '/health/live',
      operationId: 'healthLive',
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'The process is alive', schema: LivenessSchema } },
      handler: (c) => health.live(c),
    }),
    defineRoute({
      ...platform,
      method: 'get',
      path: '/health/ready',
      operationId: 'healthReady',
      summary: 'Readiness: every critical dependency answers',
      description:
        'Runs the dependency checks in parallel, each with its timeout. A failing non-critical ' +
        'check reports `degraded` and still answers 200.',
      responses: {
        200: { description: 'Ready (possibly degraded)', schema: ReadinessSchema },
        503: { description: 'A critical dependency failed', schema: ReadinessSchema },
      },
      handler: (c) => health.ready(c),
    }),
    defineRoute({
      ...platform,
      method: 'get',
      path: '/health/modules',
      operationId: 'healthModules',
      summary: "Each module's health",
      responses: {
        200: { description: 'Every module and its health', schema: ModulesHealthSchema },
        503: { description: 'Module health could not be read', schema: ModulesHealthSchema },
      },
      handler: (c) => health.modules(c),
    }),
  ]
}
