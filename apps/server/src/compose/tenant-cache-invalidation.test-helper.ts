import type { TenantResolution } from '@rustok/core-tenant'
import { createLogger } from '../observability/logger'
import { createMetrics } from '../observability/metrics'
import { serverModules } from '../modules/server-modules'
import {
  TEST_MODULE_OPTIONS,
  testConfig,
  testServices,
  type TestServer,
  type TestServices,
} from '../testing/test-server.test-helper'
import { createServerApp } from './create-server-app'
import { createServices } from './services'

/** One "server instance": its own services (and so its own caches) and app. */
export interface TestInstance {
  readonly services: TestServices
  /** Resolves a tenant by slug or id through this instance's resolver (and tenant cache). */
  resolve(tenant: string): Promise<TenantResolution>
  /** A request to this instance's app, with `token` and the tenant header. */
  request(
    path: string,
    init: { readonly tenant: string; readonly token: string },
  ): Promise<Response>
}

function instanceOf(services: TestServices): TestInstance {
  const { app } = createServerApp(services)
  const headerName = services.config.tenancy.headerName
  return {
    services,
    resolve: (tenant) =>
      services.tenantResolver.resolve({ headers: new Headers({ [headerName]: tenant }) }),
    request: (path, init) =>
      Promise.resolve(
        app.request(path, {
          headers: { [headerName]: init.tenant, authorization: `Bearer ${init.token}` },
        }),
      ),
  }
}

/** The test server itself as instance A. */
export function firstInstance(server: TestServer): TestInstance {
  return instanceOf(server.services)
}

/** A second instance over the test server's database, with caches of its own. */
export async function secondInstance(server: TestServer): Promise<TestInstance> {
  return instanceOf(
    testServices(
      await createServices({
        config: testConfig(),
        db: server.testDb.db,
        logger: createLogger({ level: 'silent' }),
        metrics: createMetrics({ defaultMetrics: false }),
        modules: serverModules(TEST_MODULE_OPTIONS),
      }),
    ),
  )
}
