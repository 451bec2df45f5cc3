import type { ServerModule } from '../server-module'

/** The audit log of security-relevant actions (A7). */
export const auditModule: ServerModule = {
  name: 'audit',
  description: 'Audit log of security-relevant actions, fed from the outbox.',
}
