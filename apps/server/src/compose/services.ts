import type { AuthServices } from '@rustok/core-auth/http'
import type { AnyKysely } from '@rustok/core-db'
import type { EventCatalog } from '@rustok/core-events'
import type { TenancyServices } from '@rustok/core-tenant/http'
import {
  composeModules,
  errorCatalogOf,
  eventCatalogOf,
  type AnyServerModule,
  type ComposedModules,
  type ErrorCatalog,
  type HealthCheck,
} from '@rustok/http'
import { createOutbox, type Outbox } from '@rustok/outbox'
import { sql } from 'kysely'
import { dirname, join } from 'node:path'
import type { ServerConfig } from '../config/server-config'
import { infrastructureErrors } from '../errors/infrastructure-errors'
import type { Logger } from '../observability/logger'
import { createWritePositions, type WritePositions } from '../http/outbox-position'
import type { Metrics } from '../observability/metrics'
import { authModule, tenancyModule } from '../modules/server-modules'

/**
 * What the composition root built for one process: the infrastructure (configuration, database,
 * logs, metrics, outbox, catalogues) and the set-up modules. Nothing below the composition root
 * opens a connection or reads the environment.
 */
export interface Services {
  readonly config: ServerConfig
  readonly db: AnyKysely
  readonly logger: Logger
  readonly metrics: Metrics
  readonly catalog: EventCatalog
  readonly errors: ErrorCatalog
  readonly outbox: Outbox
  /** The outbox positions each request wrote, for the `RusToK-Outbox-Position` header. */
  readonly writePositions: WritePositions
  readonly modules: readonly AnyServerModule[]
  /** The modules after set-up: their routes, pipeline steps, handlers, jobs and health. */
  readonly composed: ComposedModules
  /** The tenancy module's services: the pipeline's tenant resolution, the demo seed, metrics. */
  readonly tenancy: TenancyServices
  /** The auth module's services: the demo seed's admin. */
  readonly auth: AuthServices
  /**
   * Dependency checks for `/health/ready`: the database (critical), the modules' own (outbox lag,
   * tenant cache), then those the composition root passed (transport, shared cache).
   */
  readonly healthChecks: readonly HealthCheck[]
  readonly now: () => Date
}

/** What {@link createServices} takes. */
export interface ServicesOptions {
  readonly config: ServerConfig
  readonly db: AnyKysely
  readonly logger: Logger
  readonly metrics: Metrics
  /** The app's modules, in order (`serverModules()`). */
  readonly modules: readonly AnyServerModule[]
  /** Checks beside the database's and the modules', e.g. NATS and Redis. */
  readonly healthChecks?: readonly HealthCheck[]
  readonly now?: () => Date
}

/** The database check of `/health/ready`: critical, the one dependency nothing works without. */
function databaseCheck(db: AnyKysely): HealthCheck {
  return {
    name: 'database',
    critical: true,
    timeoutMs: 2000,
    check: async () => {
      await sql`select 1`.execute(db)
    },
  }
}

/** Sets up the modules of one process over its database and builds the {@link Services}. */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const { config, db, logger, metrics, modules, now = () => new Date() } = options
  const catalog = eventCatalogOf(modules)
  const writePositions = createWritePositions()
  const outbox = createOutbox({
    catalog,
    notify: config.database.url !== undefined,
    onWritten: writePositions.record,
  })
  const { intervalMs } = config.maintenance
  const composed = await composeModules(modules, {
    db,
    outbox,
    logger,
    catalog,
    now,
    // One proxy setting for every consumer of the client's address and forwarded host.
    config: {
      tenancy: { ...config.tenancy, trustedProxies: config.trustedProxies },
      auth: {
        ...config.auth,
        trustedProxies: config.trustedProxies,
        maintenance: { intervalMs, retentionMs: config.maintenance.sessionsRetentionMs },
      },
      // The clean-up jobs of every module run at one pace (bounded growth).
      events: { maintenance: { intervalMs, retentionMs: config.maintenance.eventsRetentionMs } },
      http: { maintenance: { intervalMs, rateLimitWindowMs: config.rateLimit.windowMs } },
      // Uploaded files live beside the embedded database: `<data folder>/media/<tenant>/<id>`.
      content: { mediaRoot: join(dirname(config.database.dataDir), 'media') },
      // The SSRF guard's exceptions are the operator's (the rest of the webhook settings default).
      webhooks: config.webhooks,
    },
  })
  return {
    config,
    db,
    logger,
    metrics,
    catalog,
    errors: errorCatalogOf(modules, infrastructureErrors),
    outbox,
    writePositions,
    modules,
    composed,
    tenancy: composed.services(tenancyModule),
    // Looked up by name: a fresh declaration of the module only names it (and types its services).
    auth: composed.services(authModule()),
    healthChecks: [databaseCheck(db), ...composed.readiness, ...(options.healthChecks ?? [])],
    now,
  }
}
