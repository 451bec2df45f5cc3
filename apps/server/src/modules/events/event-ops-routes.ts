import type { Services } from '../../compose/services'
import type { Route } from '../../http/route-definition'

/** The routes of the events module. */
export function eventOpsRoutes(_services: Services): readonly Route[] {
  return []
}
