import { defineServerModule, type ServerModule } from '@rustok/http'
import { tenancyEvents, tenantMigrations } from '../index'
import { currentTenantRoute } from './current-tenant-route'
import { localeRoutes } from './locale-routes'
import { requireModule } from './module-enabled'
import { moduleRoutes } from './module-routes'
import { TenancyConfigSchema, type TenancyConfig } from './tenancy-config'
import { createTenancyServices, type TenancyServices } from './tenancy-services'
import { tenantAdminRoutes } from './tenant-admin-routes'
import { resolveTenant } from './tenant-middleware'

/** The tenant cache as a readiness check: always answers; its counters tell how it is doing. */
function tenantCacheCheck(services: TenancyServices) {
  return {
    name: 'tenant-cache',
    critical: false,
    timeoutMs: 1000,
    check: () => Promise.resolve({ details: { kind: 'memory', ...services.tenantCacheStats() } }),
  }
}

/**
 * The tenancy module: tenants (the platform operator's routes), each tenant's modules and
 * locales, and the current tenant. It provides the pipeline's tenant resolution (header, host or
 * subdomain, per {@link TenancyConfig}) and the module guard of toggleable modules.
 */
export const tenancyModule: ServerModule<TenancyConfig, TenancyServices> = defineServerModule<
  TenancyConfig,
  TenancyServices
>({
  name: 'tenancy',
  description: 'Tenants, their enabled modules and their locales.',
  migrations: [tenantMigrations],
  events: tenancyEvents,
  audited: ['tenant.', 'module.', 'locale.'],
  permissions: [
    'tenants:create',
    'tenants:list',
    'tenants:read',
    'tenants:update',
    'tenants:manage',
    'modules:list',
    'modules:update',
    'settings:read',
    'settings:update',
  ],
  errors: { errorNames: ['CoreTenantError'] },
  config: TenancyConfigSchema,
  setup: (core) => {
    const services = createTenancyServices(core)
    const { localeCache, tenantLocales } = services
    return {
      services,
      routes: [
        ...tenantAdminRoutes(services, localeCache),
        ...moduleRoutes(services, core.modules),
        ...localeRoutes(services, localeCache),
        currentTenantRoute(localeCache),
      ],
      pipeline: {
        resolveTenant: resolveTenant(services.tenantResolver, {
          trustedProxies: core.config.trustedProxies,
        }),
        requireModule: (module) => requireModule(services.tenantModules, module),
      },
      readiness: [tenantCacheCheck(services)],
      matrixFixtures: async ({ side, tenantId }) => {
        // The foreign side gets a locale only it has, so a read of it through the other tenant 404s.
        if (side === 'foreign') await tenantLocales.addLocale(tenantId, { locale: 'de' })
        return {
          tenants: { id: tenantId },
          locales: { code: side === 'own' ? 'en' : 'de' },
          modules: { name: 'content' },
        }
      },
    }
  },
})
