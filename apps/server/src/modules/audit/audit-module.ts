import { defineServerModule, type ServerModule } from '@rustok/http'
import { createAuditLogHandler } from './audit-log-handler'
import { auditLogRoutes } from './audit-log-routes'
import { auditMigrations } from './audit-migrations'

/**
 * The audit log of security-relevant actions (A7). Which events it records is each module's
 * declaration (`audited`), so a module added later brings its own audit rules.
 */
export const auditModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'audit',
  description: 'Audit log of security-relevant actions, fed from the outbox.',
  migrations: [auditMigrations],
  permissions: ['logs:list'],
  setup: (core) => ({
    services: undefined,
    routes: auditLogRoutes(core.db),
    handlers: [createAuditLogHandler(core)],
  }),
})
