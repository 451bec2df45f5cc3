import { randomBytes } from 'node:crypto'
import {
  createAccessTokens,
  createCustomRoles,
  createPasswordHasher,
  createPurposeTokens,
  createSessionService,
  createUserStore,
  type AccessTokens,
  type CustomRoles,
  type PasswordHasher,
  type PasswordHashOptions,
  type PurposeTokens,
  type SessionService,
  type UserStore,
} from '@rustok/core-auth'
import { createMemoryCache, type CacheStats } from '@rustok/core-cache'
import type { AnyKysely } from '@rustok/core-db'
import { sql } from 'kysely'
import type { EventCatalog } from '@rustok/core-events'
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
} from '@rustok/core-tenant'
import { createOutbox, type Outbox } from '@rustok/outbox'
import type { ServerConfig } from '../config/server-config'
import type { Logger } from '../observability/logger'
import type { Metrics } from '../observability/metrics'
import type { ServerModule } from '../modules/server-module'
import type { HealthCheck } from '../observability/health'
import { createLocaleCache, type LocaleCache } from '../modules/tenancy/locale-cache'
import { outboxCheck, tenantCacheCheck } from './dependency-checks'
import { createLogMailer, type Mailer } from './mailer'
import { announcingLocaleCache, createTenantChanges, type TenantChanges } from './tenant-changes'

/**
 * Everything routes, handlers and health checks use, built once per process from the
 * configuration and the database. Routes receive it; nothing below the composition root opens a
 * connection or reads the environment.
 */
export interface Services {
  readonly config: ServerConfig
  readonly db: AnyKysely
  readonly logger: Logger
  readonly metrics: Metrics
  readonly catalog: EventCatalog
  readonly outbox: Outbox
  readonly modules: readonly ServerModule[]
  /** The modules a tenant may enable and disable (core-tenant's registry of toggleable modules). */
  readonly moduleRegistry: ModuleRegistry
  readonly tenants: TenantStore
  readonly tenantCache: TenantCache
  readonly tenantResolver: TenantResolver
  readonly tenantModules: TenantModules
  readonly tenantLocales: TenantLocales
  /** Each tenant's enabled locales (the tenancy routes' cache); invalidating also announces. */
  readonly localeCache: LocaleCache
  /**
   * Committed tenant changes of this process, for the cross-instance broadcaster the composition
   * root attaches (tenant-cache-invalidation.ts), and how to forget a tenant changed elsewhere.
   */
  readonly tenantChanges: TenantChanges
  readonly hasher: PasswordHasher
  readonly accessTokens: AccessTokens
  readonly users: UserStore
  readonly sessions: SessionService
  readonly purposeTokens: PurposeTokens
  readonly customRoles: CustomRoles
  readonly mailer: Mailer
  /** Counters of the in-process tenant cache, for metrics. */
  readonly tenantCacheStats: () => CacheStats
  /**
   * Dependency checks for `/health/ready`: the database (critical), then those the composition
   * root passed (transport, shared cache).
   */
  readonly healthChecks: readonly HealthCheck[]
  readonly now: () => Date
}

/** What {@link createServices} takes besides the configuration. */
export interface ServicesOptions {
  readonly config: ServerConfig
  readonly db: AnyKysely
  readonly logger: Logger
  readonly metrics: Metrics
  readonly catalog: EventCatalog
  readonly modules: readonly ServerModule[]
  /** Argon2 costs; tests pass cheap ones. Default: @node-rs/argon2's defaults. */
  readonly hashOptions?: PasswordHashOptions
  /**
   * How long a live session check is remembered, in ms. Every authenticated request verifies its
   * session; remembering a "live" answer briefly keeps that off the database on hot paths, and a
   * revoked session stops working within this time. Default 1000; 0 checks every request.
   */
  readonly sessionCheckTtlMs?: number
  /** Default: {@link createLogMailer} over `logger`. */
  readonly mailer?: Mailer
  /** Checks beside the database's, e.g. NATS and Redis. */
  readonly healthChecks?: readonly HealthCheck[]
  readonly now?: () => Date
}

function resolutionModes(config: ServerConfig): ResolutionMode[] {
  return config.tenancy.modes.flatMap((mode): ResolutionMode[] =>
    mode === 'header' ? ['header'] : config.tenancy.baseDomain ? ['subdomain', 'host'] : ['host'],
  )
}

/** Builds the {@link Services} of one process. */
export function createServices(options: ServicesOptions): Services {
  const { config, db, logger, metrics, catalog, modules, now = () => new Date() } = options
  const outbox = createOutbox({ catalog, notify: config.database.url !== undefined })
  const moduleRegistry = createModuleRegistry(
    modules
      .filter((module) => module.toggleable)
      .map((module) => ({ name: module.name, dependsOn: module.dependsOn ?? [] })),
  )
  const tenantCachePort = createMemoryCache<Tenant>({ maxSize: 10_000 })
  const tenants = createTenantStore({
    db,
    events: outbox,
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
    headerName: config.tenancy.headerName,
    baseDomain: config.tenancy.baseDomain,
    defaultTenant: config.tenancy.defaultTenant,
  })
  const tenantLocales = createTenantLocales({
    db,
    events: outbox,
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
  const hasher = createPasswordHasher({ hashOptions: options.hashOptions })
  const sessionCheckTtlMs = options.sessionCheckTtlMs ?? 1000
  const liveSessions = createMemoryCache<true>({
    maxSize: 100_000,
    ttlMs: Math.max(1, sessionCheckTtlMs),
  })
  const isSessionActive = async (sessionId: string, tenantId: string): Promise<boolean> => {
    const check = async () =>
      (await sessions.isSessionActive(sessionId, tenantId)) ? true : undefined
    if (sessionCheckTtlMs <= 0) return (await check()) === true
    // Only live answers are remembered: the cache has no negative TTL, so a "not live" answer is
    // never kept (core-cache rejects `negativeTtlMs: 0`; leaving it out is how to say "none").
    const live = await liveSessions.getOrLoad(`${tenantId}:${sessionId}`, check)
    return live === true
  }
  const accessTokens = createAccessTokens({
    secret: config.auth.jwtSecret ?? randomBytes(32),
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTtlSeconds,
    now,
    isSessionActive,
  })
  const sessions: SessionService = createSessionService({
    db,
    events: outbox,
    hasher,
    accessTokens,
    refreshTtlSeconds: config.auth.refreshTtlSeconds,
    now,
  })
  return {
    config,
    db,
    logger,
    metrics,
    catalog,
    outbox,
    modules,
    moduleRegistry,
    tenants,
    tenantCache: cache,
    tenantResolver,
    tenantModules: createTenantModules({ db, events: outbox, registry: moduleRegistry, now }),
    tenantLocales,
    localeCache: announcingLocaleCache(localLocaleCache, tenantChanges),
    tenantChanges,
    hasher,
    accessTokens,
    users: createUserStore({ db, events: outbox, hasher, now }),
    sessions,
    purposeTokens: createPurposeTokens({ db, events: outbox, hasher, now }),
    customRoles: createCustomRoles({ db }),
    mailer: options.mailer ?? createLogMailer(logger),
    tenantCacheStats: () => tenantCachePort.stats(),
    healthChecks: [
      {
        name: 'database',
        critical: true,
        timeoutMs: 2000,
        check: async () => {
          await sql`select 1`.execute(db)
        },
      },
      outboxCheck(db),
      ...(options.healthChecks ?? []),
      tenantCacheCheck(() => tenantCachePort.stats()),
    ],
    now,
  }
}
