import type { Services } from '../compose/services'
import type { Route } from '../http/route-definition'

// Keyed by the services object: the routes are known only once every module's routes were
// collected, after the ops module (which documents them) handed over its own.
const served = new WeakMap<Services, readonly Route[]>()

/** Records the routes `createServerApp` mounted for `services`. */
export function recordServedRoutes(services: Services, routes: readonly Route[]): void {
  served.set(services, routes)
}

/**
 * The routes mounted for `services`: what the OpenAPI document describes. Call it while serving
 * a request, not while routes are being collected.
 */
export function servedRoutes(services: Services): readonly Route[] {
  const routes = served.get(services)
  if (!routes) throw new Error('No app was built for these services: call createServerApp first')
  return routes
}
