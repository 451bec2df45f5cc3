import { describe, expect, it } from 'vitest'
import {
  registerCacheMetrics,
  registerDbPoolMetrics,
  registerDispatcherMetrics,
  registerOutboxMetrics,
} from './metric-collectors'
import { createMetrics } from './metrics'

describe('metric collectors', () => {
  it('expose the pool, caches, outbox and dispatcher in the scrape', async () => {
    const metrics = createMetrics({ defaultMetrics: false })
    let outboxReads = 0
    registerDbPoolMetrics(metrics, () => ({ total: 10, idle: 4, waiting: 2 }))
    registerCacheMetrics(metrics, {
      tenant: () => ({ hits: 90, misses: 10, size: 25 }),
      session: () => ({ hits: 1, misses: 2, size: 3 }),
    })
    registerOutboxMetrics(metrics, () => {
      outboxReads++
      return Promise.resolve({ pending: 7, failed: 1, oldestPendingAgeMs: 1500 })
    })
    registerDispatcherMetrics(metrics, () => ({
      handled: 100,
      retried: 4,
      failed: 5,
      deadLettered: 2,
      rejected: 0,
      depth: 3,
    }))

    const text = await metrics.text()
    for (const line of [
      'db_pool_connections{state="total"} 10',
      'db_pool_connections{state="idle"} 4',
      'db_pool_waiting_clients 2',
      'cache_hits_total{cache="tenant"} 90',
      'cache_misses_total{cache="tenant"} 10',
      'cache_entries{cache="tenant"} 25',
      'cache_hits_total{cache="session"} 1',
      'outbox_events{status="pending"} 7',
      'outbox_events{status="failed"} 1',
      'outbox_relay_lag_seconds 1.5',
      'event_handler_failures_total 5',
      'event_dead_letters_total 2',
      'event_handler_retries_total 4',
      'events_handled_total 100',
      'events_rejected_total 0',
      'event_queue_depth 3',
    ]) {
      expect(text).toContain(line)
    }
    // One outbox query feeds both outbox metrics.
    expect(outboxReads).toBe(1)
    await metrics.text()
    expect(outboxReads).toBe(2)
  })
})
