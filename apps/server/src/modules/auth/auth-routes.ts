import type { Services } from '../../compose/services'
import type { Route } from '../../http/route-definition'
import { accountRoutes } from './account-routes'
import { sessionRoutes } from './session-routes'
import { userAccessRoutes } from './user-access-routes'
import { userAdminRoutes } from './user-admin-routes'

/** The routes of the auth module. */
export function authRoutes(services: Services): readonly Route[] {
  return [
    ...sessionRoutes(services),
    ...accountRoutes(services),
    ...userAdminRoutes(services),
    ...userAccessRoutes(services),
  ]
}
