import type { Services } from '../../compose/services'
import type { Route } from '../../http/route-definition'

/** The routes of the tenancy module. */
export function tenancyRoutes(_services: Services): readonly Route[] {
  return []
}
