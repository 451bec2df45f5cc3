import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { createDb, createMigrator, dbOptionsFrom, poolStats } from '@rustok/core-db'
import type { ServerConfig } from '../config/server-config'
import type { Logger } from '../observability/logger'
import { createMetrics } from '../observability/metrics'
import { registerServerMetrics } from '../observability/register-server-metrics'
import { migrationsOf } from '@rustok/http'
import { serverModules } from '../modules/server-modules'
import { Redis } from 'ioredis'
import { answerClientErrors } from '../http/client-errors'
import { createServerApp } from './create-server-app'
import { gracefulHttp } from './graceful-http'
import { createPipelineExtras } from './pipeline-extras'
import { seedDemo } from './demo-seed'
import { bootstrapPlatformOperator } from './platform-bootstrap'
import { createEventRuntime } from './event-runtime'
import { jobMetrics, startJobs, type JobRunner } from './job-runner'
import { resolveJwtSecret, withJwtSecret } from './jwt-secret'
import { createServices } from './services'
import { startTenantCacheInvalidation, tenantCacheTransportFor } from './tenant-cache-invalidation'

/** A running server process: its address, and how to stop it. */
export interface RunningServer {
  /** The API's base URL; absent for a worker that serves no HTTP. */
  readonly url: string
  /**
   * Graceful shutdown (P1): stop accepting connections, let in-flight requests finish (bounded by
   * `http.shutdownTimeoutMs`, then connections are cut), let the relay finish its batch, drain the
   * handlers, close NATS and the database.
   */
  stop(): Promise<void>
}

// Only the operations routes (health, metrics) are served by a worker-only process.
const WORKER_HTTP_MODULES = ['ops']

/**
 * Composes and starts the server from a validated configuration: database and migrations, the
 * event catalogue and runtime (in-process or NATS), the services, the demo seed, the HTTP app and,
 * by role, the relay and handlers.
 */
export async function startServer(
  configured: ServerConfig,
  logger: Logger,
): Promise<RunningServer> {
  // First: a process that would sign tokens the others reject must not start at all.
  const jwt = await resolveJwtSecret(configured)
  if (jwt.source === 'generated') {
    logger.info({ file: jwt.file }, 'generated the access-token key, kept for later starts')
  }
  const config = withJwtSecret(configured, jwt.secret)
  const { database } = config
  if (!database.url) await mkdir(dirname(database.dataDir), { recursive: true })
  const db = await createDb<unknown>(
    dbOptionsFrom({ url: database.url, dataDir: database.dataDir, pool: database.pool }),
  )
  const modules = serverModules()
  const { applied } = await createMigrator({ db, modules: migrationsOf(modules) }).up()
  logger.info(
    {
      database: database.url ? 'postgres' : `pglite:${database.dataDir}`,
      migrationsApplied: applied.length,
    },
    'database ready',
  )
  const events = await createEventRuntime({ natsUrl: config.natsUrl })
  // Shared rate-limit counters across instances; when Redis is down they fall back to memory.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined
  redis?.on('error', (error: Error) => logger.warn({ error: error.message }, 'redis error'))
  const redisCheck = redis
    ? [
        {
          name: 'redis',
          critical: false,
          timeoutMs: 1000,
          check: async () => {
            await redis.ping()
          },
        },
      ]
    : []
  const services = await createServices({
    config,
    db,
    logger,
    metrics: createMetrics(),
    modules,
    healthChecks: [...events.healthChecks, ...redisCheck],
  })
  // Other instances drop a tenant this one changed (and the reverse) instead of serving it stale.
  const tenantCacheInvalidation = await startTenantCacheInvalidation({
    tenantChanges: services.tenancy.tenantChanges,
    transport: tenantCacheTransportFor({ databaseUrl: database.url, db, redis }),
    logger,
  })
  registerServerMetrics(services, {
    pool: () => poolStats(db) ?? { total: 0, idle: 0, waiting: 0 },
    ...(config.role === 'api' ? {} : { dispatcher: events.dispatcherStats }),
  })
  if (config.demo.seed) {
    const seed = await seedDemo(services)
    logger.info({ tenant: seed.tenant.slug, adminEmail: seed.adminEmail }, 'demo tenant ready')
    if (seed.generatedPassword) {
      logger.info(
        {
          tenant: seed.tenant.slug,
          adminEmail: seed.adminEmail,
          // Not under a key named `password`: the logger redacts those.
          initialAdminPassword: seed.generatedPassword,
        },
        'demo admin created; this password is shown once (set DEMO_ADMIN_PASSWORD to choose it)',
      )
    }
  }
  const platform = await bootstrapPlatformOperator(services)
  if (platform) {
    logger.info(
      { tenant: platform.tenant.slug, operatorEmail: platform.email },
      'platform operator ready',
    )
    if (platform.role !== 'super_admin') {
      logger.warn(
        { operatorEmail: platform.email, role: platform.role },
        'the platform operator is not a super_admin: its role lacks tenants:*, so platform routes refuse it',
      )
    }
    if (platform.generatedPassword) {
      logger.info(
        {
          tenant: platform.tenant.slug,
          operatorEmail: platform.email,
          // Not under a key named `password`: the logger redacts those.
          initialOperatorPassword: platform.generatedPassword,
        },
        'platform operator created; this password is shown once (set PLATFORM_ADMIN_PASSWORD to choose it)',
      )
    }
  }
  const runsApi = config.role !== 'worker'
  const runsWorker = config.role !== 'api'
  const { app } = createServerApp(
    services,
    createPipelineExtras(services, { redis }),
    runsApi ? {} : { onlyModules: WORKER_HTTP_MODULES },
  )
  let jobs: JobRunner | undefined
  if (runsWorker) {
    await events.startWorker(services)
    jobs = startJobs(services.composed.jobs, logger, jobMetrics(services.metrics))
  }

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port })
  answerClientErrors(server as Server)
  const http = gracefulHttp(server as Server)
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host}:${port}`
  logger.info({ url, role: config.role, transport: events.transport }, 'listening')
  if (runsApi) logger.info({ api: `${url}/api`, docs: `${url}/docs` }, 'RusToK is running')

  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    await http.close(config.http.shutdownTimeoutMs)
    await jobs?.stop()
    await events.stop()
    await tenantCacheInvalidation.close()
    await redis?.quit()
    await db.destroy()
  }
  return {
    url,
    stop: () => (stopping ??= stop()),
  }
}
