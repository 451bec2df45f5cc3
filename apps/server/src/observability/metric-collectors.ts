import type { CacheStats } from '@rustok/core-cache'
import type { DispatcherStats } from '@rustok/core-events'
import type { OutboxStats } from '@rustok/outbox'
import type { Metrics } from './metrics'

/** A connection pool's current load, e.g. `pg.Pool`'s `totalCount`, `idleCount`, `waitingCount`. */
export interface DbPoolStats {
  readonly total: number
  readonly idle: number
  /** Clients queued for a connection. */
  readonly waiting: number
}

type Registrar = Pick<Metrics, 'registerCollector'>
type Read<T> = () => T | Promise<T>

/**
 * Shares one in-flight reading among the collectors fed by it, so a scrape runs, say, one outbox
 * query rather than one per metric; the next scrape reads afresh.
 */
function shared<T>(read: Read<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= Promise.resolve()
      .then(read)
      .finally(() => {
        pending = undefined
      })
    return pending
  }
}

/**
 * Registers `db_pool_connections{state="total|idle"}` and `db_pool_waiting_clients`.
 *
 * @example
 * ```ts
 * registerDbPoolMetrics(metrics, () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }))
 * ```
 */
export function registerDbPoolMetrics(metrics: Registrar, stats: Read<DbPoolStats>): void {
  const read = shared(stats)
  metrics.registerCollector({
    name: 'db_pool_connections',
    help: 'Database pool connections by state.',
    labelName: 'state',
    collect: async () => {
      const { total, idle } = await read()
      return { total, idle }
    },
  })
  metrics.registerCollector({
    name: 'db_pool_waiting_clients',
    help: 'Clients waiting for a database connection.',
    collect: async () => (await read()).waiting,
  })
}

/**
 * Registers `cache_hits_total`, `cache_misses_total` and `cache_entries`, labelled by `cache`, for
 * each named cache (the tenant cache, …).
 *
 * @example
 * ```ts
 * registerCacheMetrics(metrics, { tenant: () => tenantCache.stats() })
 * ```
 */
export function registerCacheMetrics(
  metrics: Registrar,
  caches: Readonly<Record<string, () => Pick<CacheStats, 'hits' | 'misses' | 'size'>>>,
): void {
  const each = (pick: (stats: Pick<CacheStats, 'hits' | 'misses' | 'size'>) => number) => () =>
    Object.fromEntries(Object.entries(caches).map(([name, stats]) => [name, pick(stats())]))
  const common = { labelName: 'cache' } as const
  metrics.registerCollector({
    ...common,
    name: 'cache_hits_total',
    help: 'Cache reads that found a live value.',
    type: 'counter',
    collect: each((stats) => stats.hits),
  })
  metrics.registerCollector({
    ...common,
    name: 'cache_misses_total',
    help: 'Cache reads that found nothing live.',
    type: 'counter',
    collect: each((stats) => stats.misses),
  })
  metrics.registerCollector({
    ...common,
    name: 'cache_entries',
    help: 'Entries held by the cache.',
    collect: each((stats) => stats.size),
  })
}

/**
 * Registers `outbox_events{status="pending|failed"}` and `outbox_relay_lag_seconds` (the age of
 * the oldest pending event), from one `outboxStats` query per scrape.
 *
 * @example
 * ```ts
 * registerOutboxMetrics(metrics, () => outboxStats(db))
 * ```
 */
export function registerOutboxMetrics(
  metrics: Registrar,
  stats: Read<Pick<OutboxStats, 'pending' | 'failed' | 'oldestPendingAgeMs'>>,
): void {
  const read = shared(stats)
  metrics.registerCollector({
    name: 'outbox_events',
    help: 'Outbox events not yet dispatched, by status.',
    labelName: 'status',
    collect: async () => {
      const { pending, failed } = await read()
      return { pending, failed }
    },
  })
  metrics.registerCollector({
    name: 'outbox_relay_lag_seconds',
    help: 'Age of the oldest pending outbox event in seconds; 0 when none is pending.',
    collect: async () => (await read()).oldestPendingAgeMs / 1000,
  })
}

/**
 * Registers the event dispatcher's counters (`event_handler_failures_total`,
 * `event_dead_letters_total`, `event_handler_retries_total`, `events_handled_total`,
 * `events_rejected_total`) and `event_queue_depth`.
 *
 * @example
 * ```ts
 * registerDispatcherMetrics(metrics, () => dispatcher.stats())
 * ```
 */
export function registerDispatcherMetrics(
  metrics: Registrar,
  stats: () => Pick<
    DispatcherStats,
    'handled' | 'retried' | 'failed' | 'deadLettered' | 'rejected' | 'depth'
  >,
): void {
  const counters = [
    ['event_handler_failures_total', 'Event handler invocations that threw.', 'failed'],
    ['event_dead_letters_total', 'Event deliveries given up on (dead-lettered).', 'deadLettered'],
    ['event_handler_retries_total', 'Event handler retries scheduled.', 'retried'],
    ['events_handled_total', 'Event deliveries a handler completed.', 'handled'],
    ['events_rejected_total', 'Events refused because the queue was full.', 'rejected'],
  ] as const
  for (const [name, help, key] of counters) {
    metrics.registerCollector({ name, help, type: 'counter', collect: () => stats()[key] })
  }
  metrics.registerCollector({
    name: 'event_queue_depth',
    help: 'Outstanding event deliveries: queued, running or waiting to retry.',
    collect: () => stats().depth,
  })
}
