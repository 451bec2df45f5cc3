import type { ServerModule } from '../server-module'
import { createAuditLogHandler } from './audit-log-handler'
import { auditLogRoutes } from './audit-log-routes'
import { auditMigrations } from './audit-migrations'

/** The audit log of security-relevant actions (A7). */
export const auditModule: ServerModule = {
  name: 'audit',
  description: 'Audit log of security-relevant actions, fed from the outbox.',
  migrations: [auditMigrations],
  permissions: ['logs:list'],
  routes: auditLogRoutes,
  handlers: (services) => [createAuditLogHandler(services)],
}
