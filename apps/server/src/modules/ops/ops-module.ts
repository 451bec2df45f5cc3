import { defineServerModule, type ServerModule } from '@rustok/http'

/**
 * Health, metrics, the OpenAPI document and the API reference. Declared as a module so it has a
 * tag and a health entry; its routes describe and watch every other module's, so the composition
 * root builds them after the modules are set up (`opsRoutes`).
 */
export const opsModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'ops',
  description: 'Health checks, Prometheus metrics, OpenAPI and the API reference.',
})
