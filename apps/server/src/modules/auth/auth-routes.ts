import type { Services } from '../../compose/services'
import type { Route } from '../../http/route-definition'

/** The routes of the auth module. */
export function authRoutes(_services: Services): readonly Route[] {
  return []
}
