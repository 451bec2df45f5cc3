import type { Route } from '@rustok/http'
import type { Services } from '../../compose/services'
import { docsRoutes } from './docs-routes'
import { healthRoutes } from './health-routes'
import { metricsRoutes } from './metrics-routes'
import { openApiRoutes } from './openapi-routes'

/**
 * The operations routes: health, metrics, the OpenAPI document and the API reference. Built after
 * the modules' routes are collected, because the document describes every route (`moduleRoutes`)
 * and these themselves.
 */
export function opsRoutes(services: Services, moduleRoutes: readonly Route[]): Route[] {
  const own = [...healthRoutes(services), ...metricsRoutes(services), ...docsRoutes()]
  return [...own, ...openApiRoutes(services, [...moduleRoutes, ...own])]
}
