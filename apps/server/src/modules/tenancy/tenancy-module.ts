import { platformEvents } from '@rustok/core-events'
import { tenantMigrations } from '@rustok/core-tenant'
import type { ServerModule } from '../server-module'
import { tenancyRoutes } from './tenancy-routes'

/** Tenants (super_admin), and each tenant's modules and locales. */
export const tenancyModule: ServerModule = {
  name: 'tenancy',
  description: 'Tenants, their enabled modules and their locales.',
  migrations: [tenantMigrations],
  events: platformEvents,
  permissions: [
    'tenants:create',
    'tenants:list',
    'tenants:read',
    'tenants:update',
    'tenants:manage',
    'modules:list',
    'modules:update',
    'settings:read',
    'settings:update',
  ],
  routes: tenancyRoutes,
}
