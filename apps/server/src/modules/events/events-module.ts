import { outboxMigrations } from '@rustok/outbox'
import type { ServerModule } from '../server-module'
import { eventOpsRoutes } from './event-ops-routes'

/** The outbox's tables, and operating it: dead letters and statistics. */
export const eventsModule: ServerModule = {
  name: 'events',
  description: 'The transactional outbox: dead letters and delivery statistics.',
  migrations: [outboxMigrations],
  permissions: ['logs:list', 'logs:read', 'logs:manage'],
  routes: eventOpsRoutes,
}
