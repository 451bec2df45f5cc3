import type { MigrationModule } from '@rustok/core-db'
import { createEventCatalog, type EventCatalog } from '@rustok/core-events'
import { auditModule } from './audit/audit-module'
import { authModule } from './auth/auth-module'
import { domainModules } from './domain-modules'
import { eventsModule } from './events/events-module'
import { httpModule } from './http/http-module'
import { opsModule } from './ops/ops-module'
import { defineModules, type ServerModule } from './server-module'
import { tenancyModule } from './tenancy/tenancy-module'

/** Every module of the server, in migration order (a module's tables after those it references). */
export const serverModules: readonly ServerModule[] = defineModules([
  eventsModule,
  tenancyModule,
  authModule,
  auditModule,
  httpModule,
  opsModule,
  ...domainModules,
])

/** The migrations of `modules`, in order. */
export function migrationsOf(modules: readonly ServerModule[]): MigrationModule[] {
  return modules.flatMap((module) => module.migrations ?? [])
}

/** One catalogue of every module's events. */
export function catalogOf(modules: readonly ServerModule[]): EventCatalog {
  return createEventCatalog(...modules.map((module) => module.events ?? []))
}
