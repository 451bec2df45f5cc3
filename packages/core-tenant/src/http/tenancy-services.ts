import { createMemoryCache, type CacheStats } from '@rustok/core-cache'
import type { ModuleCore } from '@rustok/http'
import {
  createModuleRegistry,
  createTenantCache,
  createTenantLocales,
  createTenantModules,
  createTenantResolver,
  createTenantStore,
  type ModuleRegistry,
  type ResolutionMode,
  type Tenant,
  type TenantCache,
  type TenantLocales,
  type TenantModules,
  type TenantResolver,
  type TenantStore,
} from '../index'
import { createLocaleCache, type LocaleCache } from './locale-cache'
import type { TenancyConfig } from './tenancy-config'
import { announcingLocaleCache, createTenantChanges, type TenantChanges } from './tenant-changes'

/** What the tenancy module exports to the server and to the modules that depend on it. */
export interface TenancyServices {
  /** The modules a tenant may enable and disable (the app's toggleable modules). */
  readonly moduleRegistry: ModuleRegistry
  readonly tenants: TenantStore
  readonly tenantCache: TenantCache
  readonly tenantResolver: TenantResolver
  readonly tenantModules: TenantModules
  readonly tenantLocales: TenantLocales
  /** Each tenant's enabled locales (the tenancy routes' cache); invalidating also announces. */
  readonly localeCache: LocaleCache
  /**
   * Committed tenant changes of this process, for a cross-instance broadcaster to send, and how
   * to forget a tenant changed elsewhere.
   */
  readonly tenantChanges: TenantChanges
  /** Counters of the in-process tenant cache, for metrics. */
  readonly tenantCacheStats: () => CacheStats
}

function resolutionModes(config: TenancyConfig): ResolutionMode[] {
  return config.modes.flatMap((mode): ResolutionMode[] =>
    mode === 'header' ? ['header'] : config.baseDomain ? ['subdomain', 'host'] : ['host'],
  )
}

/** Builds the tenancy services of one process from the module core. */
export function createTenancyServices(
  core: Pick<ModuleCore<TenancyConfig>, 'db' | 'outbox' | 'now' | 'config' | 'modules'>,
): TenancyServices {
  const { db, outbox: events, now, config } = core
  // Platform modules are always on, so a toggleable module's dependency on one (content on
  // tenancy, say) is always met: the registry of what tenants toggle only orders toggleable ones.
  const toggleable = core.modules.filter((module) => module.toggleable)
  const toggleableNames = new Set(toggleable.map((module) => module.name))
  const moduleRegistry = createModuleRegistry(
    toggleable.map((module) => ({
      name: module.name,
      dependsOn: (module.dependsOn ?? []).filter((name) => toggleableNames.has(name)),
    })),
  )
  const tenantCachePort = createMemoryCache<Tenant>({ maxSize: 10_000 })
  const tenants = createTenantStore({
    db,
    events,
    now,
    onChanged: async (tenant, previous) => {
      await cache.invalidate(tenant, previous)
      tenantChanges.announce(tenant.id)
    },
  })
  const cache: TenantCache = createTenantCache({ cache: tenantCachePort, lookup: tenants })
  const tenantResolver = createTenantResolver({
    lookup: cache,
    modes: resolutionModes(config),
    headerName: config.headerName,
    baseDomain: config.baseDomain,
    defaultTenant: config.defaultTenant,
  })
  const tenantLocales = createTenantLocales({
    db,
    events,
    now,
    onTenantChanged: async (tenantId) => {
      await cache.invalidateById(tenantId)
      tenantChanges.announce(tenantId)
    },
  })
  const localLocaleCache = createLocaleCache({ locales: tenantLocales })
  const tenantChanges = createTenantChanges({
    tenantCache: cache,
    localeCache: localLocaleCache,
    clearTenants: () => tenantCachePort.clear(),
  })
  return {
    moduleRegistry,
    tenants,
    tenantCache: cache,
    tenantResolver,
    tenantModules: createTenantModules({ db, events, registry: moduleRegistry, now }),
    tenantLocales,
    localeCache: announcingLocaleCache(localLocaleCache, tenantChanges),
    tenantChanges,
    tenantCacheStats: () => tenantCachePort.stats(),
  }
}
