import type { Services } from '../../compose/services'
import type { Route } from '../../http/route-definition'
import { currentTenantRoute } from './current-tenant-route'
import { localeRoutes } from './locale-routes'
import { moduleRoutes } from './module-routes'
import { tenantAdminRoutes } from './tenant-admin-routes'
import { tenantInviteRoute } from './tenant-invite-route'

/** The routes of the tenancy module. */
export function tenancyRoutes(services: Services): readonly Route[] {
  const { localeCache } = services
  return [
    ...tenantAdminRoutes(services, localeCache),
    tenantInviteRoute(services),
    ...moduleRoutes(services),
    ...localeRoutes(services, localeCache),
    currentTenantRoute(localeCache),
  ]
}
