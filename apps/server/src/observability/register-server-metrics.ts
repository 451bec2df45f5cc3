import type { DispatcherStats } from '@rustok/core-events'
import { outboxStats } from '@rustok/outbox'
import type { Services } from '../compose/services'
import {
  registerCacheMetrics,
  registerDbPoolMetrics,
  registerDispatcherMetrics,
  registerOutboxMetrics,
  type DbPoolStats,
} from './metric-collectors'

/** Sources only the composition root has: they exist for some deployments only. */
export interface ServerMetricsSources {
  /** The `pg` pool's load; absent on PGlite, which has one connection and no pool. */
  readonly pool?: () => DbPoolStats | Promise<DbPoolStats>
  /** The in-process event dispatcher's counters, when this process runs handlers. */
  readonly dispatcher?: () => DispatcherStats
}

/**
 * Registers the server's scrape-time metrics on `services.metrics` (requirement P2): the tenant
 * cache, outbox depth and relay lag, and, when given, the database pool and the event
 * dispatcher. HTTP requests and module operations are counted by middleware. Call it once per
 * metrics registry: a metric name registered twice throws.
 *
 * @example
 * ```ts
 * registerServerMetrics(services, {
 *   pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
 *   dispatcher: () => dispatcher.stats(),
 * })
 * ```
 */
export function registerServerMetrics(
  services: Pick<Services, 'metrics' | 'db' | 'tenancy'>,
  sources: ServerMetricsSources = {},
): void {
  const { metrics, db } = services
  registerCacheMetrics(metrics, { tenant: services.tenancy.tenantCacheStats })
  registerOutboxMetrics(metrics, () => outboxStats(db))
  if (sources.pool) registerDbPoolMetrics(metrics, sources.pool)
  if (sources.dispatcher) registerDispatcherMetrics(metrics, sources.dispatcher)
}
