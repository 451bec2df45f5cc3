import type { CacheStats } from '@rustok/core-cache'
import type { AnyKysely } from '@rustok/core-db'
import type { DispatcherStats } from '@rustok/core-events'
import { outboxStats } from '@rustok/outbox'
import type { HealthCheck } from '../observability/health'

/** The relay lag past which readiness reports the outbox as failing (non-critical). */
export const OUTBOX_LAG_LIMIT_MS = 60_000

/**
 * The outbox: its relay lag (age of the oldest pending event). Non-critical: writes still commit
 * while delivery lags, but an operator should look (no relay running, a transport down).
 */
export function outboxCheck(db: AnyKysely, lagLimitMs = OUTBOX_LAG_LIMIT_MS): HealthCheck {
  return {
    name: 'outbox',
    critical: false,
    timeoutMs: 2000,
    check: async () => {
      const stats = await outboxStats(db)
      if (stats.oldestPendingAgeMs > lagLimitMs) {
        throw new Error(`relay lag ${stats.oldestPendingAgeMs} ms exceeds ${lagLimitMs} ms`)
      }
      return { details: { ...stats } }
    },
  }
}

/** The in-process event transport: the handlers' dispatcher accepts work. */
export function inProcessTransportCheck(stats: () => DispatcherStats): HealthCheck {
  return {
    name: 'event-transport',
    critical: true,
    timeoutMs: 1000,
    check: () => {
      const { depth, deadLettered, failed } = stats()
      return Promise.resolve({ details: { kind: 'in-process', depth, deadLettered, failed } })
    },
  }
}

/** The in-process tenant cache: always answers; its counters tell whether it is doing its job. */
export function tenantCacheCheck(stats: () => CacheStats): HealthCheck {
  return {
    name: 'tenant-cache',
    critical: false,
    timeoutMs: 1000,
    check: () => Promise.resolve({ details: { kind: 'memory', ...stats() } }),
  }
}
