import type { Services } from '../../compose/services'
import type { Route } from '../../http/route-definition'
import { docsRoutes } from './docs-routes'
import { healthRoutes } from './health-routes'
import { metricsRoutes } from './metrics-routes'
import { openApiRoutes } from './openapi-routes'

/** The routes of the ops module: health, metrics, the OpenAPI document and the API reference. */
export function opsRoutes(services: Services): readonly Route[] {
  return [
    ...healthRoutes(services),
    ...metricsRoutes(services),
    ...openApiRoutes(services),
    ...docsRoutes(),
  ]
}
