import type { ServerModule } from '../server-module'
import { opsRoutes } from './ops-routes'

/** Health, metrics, the OpenAPI document and the API reference page. */
export const opsModule: ServerModule = {
  name: 'ops',
  description: 'Health checks, Prometheus metrics, OpenAPI and the API reference.',
  routes: opsRoutes,
}
