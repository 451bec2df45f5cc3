import type { AnyKysely } from '@rustok/core-db'
import { defineRoute, pageSchema, requires, type Route } from '@rustok/http'
import { auditLogPage, AuditEntrySchema, AuditLogQuery } from './audit-log-queries'

/** The routes of the audit module. */
export function auditLogRoutes(db: AnyKysely): readonly Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/audit-log',
      operationId: 'listAuditLog',
      summary: "The tenant's audit log of security-relevant actions",
      description:
        'Sign-ins, account, role, session, tenant, module and locale changes of the current ' +
        'tenant only, recorded from the outbox shortly after they commit.',
      tags: ['audit'],
      access: requires('logs:list'),
      request: { query: AuditLogQuery },
      responses: {
        200: { description: 'A page of entries', schema: pageSchema(AuditEntrySchema) },
      },
      handler: async (c, { query }) =>
        c.json(await auditLogPage(db, { tenantId: c.var.tenantId, query })),
    }),
  ]
}
