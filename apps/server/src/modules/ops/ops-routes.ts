import type { Services } from '../../compose/services'
import { defineRoute, PUBLIC, type Route } from '../../http/route-definition'

/** The routes of the ops module. */
export function opsRoutes(_services: Services): readonly Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health/live',
      operationId: 'healthLive',
      summary: 'Liveness: the process answers',
      tags: ['ops'],
      access: PUBLIC,
      tenant: 'none',
      responses: { 200: { description: 'The process is alive' } },
      handler: (c) => c.json({ status: 'ok' }),
    }),
  ]
}
