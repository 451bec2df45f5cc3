import type { AnyKysely } from '@rustok/core-db'
import { defineServerModule, type HealthCheck, type ServerModule } from '@rustok/http'
import { outboxLag, outboxMigrations, pruneOutbox } from '../index'
import { EventsConfigSchema, type EventsConfig } from './events-config'
import { eventOpsRoutes } from './event-ops-routes'

/** The relay lag past which readiness reports the outbox as failing (non-critical). */
export const OUTBOX_LAG_LIMIT_MS = 60_000

/**
 * The outbox as a readiness check: its relay lag (age of the oldest pending event, one probe of
 * the pending index — never a count of the table). Non-critical: writes still commit while
 * delivery lags, but an operator should look (no relay running, a transport down).
 */
export function outboxCheck(db: AnyKysely, lagLimitMs: number = OUTBOX_LAG_LIMIT_MS): HealthCheck {
  return {
    name: 'outbox',
    critical: false,
    timeoutMs: 2000,
    check: async () => {
      const lagMs = await outboxLag(db)
      if (lagMs > lagLimitMs) throw new Error(`relay lag ${lagMs} ms exceeds ${lagLimitMs} ms`)
    },
  }
}

/**
 * The events module: the outbox's tables, and operating it — dead letters (list, read, replay,
 * discard) and delivery statistics, for the platform operator (ADR 0020) — and its clean-up job
 * (`events-maintenance`: delivered events and old inbox receipts, see `pruneOutbox`). Settings
 * come from `config.events` ({@link EventsConfig}).
 */
export const eventsModule: ServerModule<EventsConfig, undefined> = defineServerModule({
  name: 'events',
  description: 'The transactional outbox: dead letters and delivery statistics.',
  migrations: [outboxMigrations],
  permissions: ['logs:list', 'logs:read', 'logs:manage'],
  errors: { errorNames: ['OutboxError'] },
  config: EventsConfigSchema,
  setup: (core) => ({
    services: undefined,
    routes: eventOpsRoutes(core.db, core.outbox),
    readiness: [outboxCheck(core.db)],
    jobs: [
      {
        name: 'events-maintenance',
        intervalMs: core.config.maintenance.intervalMs,
        run: async () => ({
          removed: {
            ...(await pruneOutbox(core.db, {
              now: core.now,
              retentionMs: core.config.maintenance.retentionMs,
            })),
          },
        }),
      },
    ],
    matrixFixtures: () =>
      // Dead letters are platform-wide (no tenant owns one): any id serves the matrix's shape checks.
      Promise.resolve({ 'dead-letters': { id: '00000000-0000-7000-8000-000000000001' } }),
  }),
})
