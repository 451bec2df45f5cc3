import { randomUUID } from 'node:crypto'
import {
  createMemoryInvalidationHub,
  createPgNotifyInvalidation,
  createRedisInvalidation,
  type InvalidationTransport,
  type InvalidationUnsubscribe,
} from '@rustok/core-cache'
import { listen, type AnyKysely } from '@rustok/core-db'
import { tenantCacheKey, validateUuid } from '@rustok/core-tenant'
import type { Redis } from 'ioredis'
import { sql } from 'kysely'
import type { Logger } from '../observability/logger'
import type { TenantChanges } from '@rustok/core-tenant/http'

/** The PostgreSQL NOTIFY channel of tenant invalidations. */
export const TENANT_CACHE_PG_CHANNEL = 'rustok_tenant_cache'
/** The Redis pub/sub channel of tenant invalidations. */
export const TENANT_CACHE_REDIS_CHANNEL = 'rustok:tenant-cache:invalidate'

/** How tenant invalidations travel between instances (ADR 0008). */
export type TenantCacheTransportChoice =
  /** Redis pub/sub: `redis` publishes, a duplicate of it subscribes. */
  | { readonly kind: 'redis'; readonly redis: Redis }
  /** PostgreSQL LISTEN/NOTIFY on the shared database (a `createDb` database). */
  | { readonly kind: 'postgres'; readonly db: AnyKysely }
  /** In process: one instance (PGlite), or several sharing `hub` in tests. */
  | { readonly kind: 'memory'; readonly hub?: InvalidationTransport }

/**
 * Picks the transport: Redis when a client is configured, else NOTIFY on a PostgreSQL server,
 * else (PGlite, one process) in memory.
 */
export function tenantCacheTransportFor(options: {
  readonly databaseUrl: string | undefined
  readonly db: AnyKysely
  readonly redis?: Redis
}): TenantCacheTransportChoice {
  if (options.redis) return { kind: 'redis', redis: options.redis }
  if (options.databaseUrl !== undefined) return { kind: 'postgres', db: options.db }
  return { kind: 'memory' }
}

/** A running tenant cache invalidation. */
export interface TenantCacheInvalidation {
  /** The origin this instance publishes under; its own messages are ignored. */
  readonly instanceId: string
  readonly transport: TenantCacheTransportChoice['kind']
  /** Stops announcing and listening; waits for invalidations being sent. */
  close(): Promise<void>
}

/** Options of {@link startTenantCacheInvalidation}. */
export interface TenantCacheInvalidationOptions {
  readonly tenantChanges: TenantChanges
  readonly transport: TenantCacheTransportChoice
  readonly logger: Logger
  /** Default: a random UUID. */
  readonly instanceId?: string
  /** How long to wait before subscribing again after a failed attempt. Default 5000 ms. */
  readonly retryMs?: number
}

const ID_KEY_PREFIX = tenantCacheKey({ kind: 'uuid', value: '' })

interface Wired {
  readonly transport: InvalidationTransport
  readonly close: () => Promise<void>
}

// The PostgreSQL listener reconnects by itself; whatever was sent meanwhile is lost, so the
// cache is emptied when it fails and once more after it has had time to reconnect.
const PG_RECONNECT_MS = 1_000

function wire(
  choice: TenantCacheTransportChoice,
  hooks: { readonly logger: Logger; readonly resync: () => void },
): Wired {
  const { logger, resync } = hooks
  if (choice.kind === 'memory') {
    return {
      transport: choice.hub ?? createMemoryInvalidationHub(),
      close: () => Promise.resolve(),
    }
  }
  if (choice.kind === 'postgres') {
    const { db } = choice
    const timers = new Set<NodeJS.Timeout>()
    const transport = createPgNotifyInvalidation({
      notify: async (payload) => {
        await sql`select pg_notify(${TENANT_CACHE_PG_CHANNEL}, ${payload})`.execute(db)
      },
      listen: (onPayload) =>
        listen(db, TENANT_CACHE_PG_CHANNEL, {
          onNotify: onPayload,
          reconnectDelayMs: PG_RECONNECT_MS,
          onError: (error) => {
            logger.warn({ error: error.message }, 'tenant cache listener lost; reconnecting')
            resync()
            const timer = setTimeout(() => {
              timers.delete(timer)
              resync()
            }, PG_RECONNECT_MS * 2)
            timers.add(timer)
          },
        }),
    })
    return {
      transport,
      close: () => {
        for (const timer of timers) clearTimeout(timer)
        return Promise.resolve()
      },
    }
  }
  // Redis allows only pub/sub commands on a subscribed connection: subscribe on a duplicate.
  const subscriber = choice.redis.duplicate()
  let lost = false
  subscriber.on('error', (error: Error) => {
    logger.warn({ error: error.message }, 'tenant cache subscriber error')
  })
  subscriber.on('reconnecting', () => {
    lost = true
  })
  subscriber.on('ready', () => {
    if (!lost) return
    lost = false
    resync()
  })
  const transport = createRedisInvalidation({
    publisher: choice.redis,
    subscriber,
    channel: TENANT_CACHE_REDIS_CHANNEL,
  })
  return {
    transport,
    close: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect())
    },
  }
}

/**
 * Keeps the tenant caches of every instance in step (ADR 0008): announces each tenant this
 * process changed (after commit) to the other instances, and on their announcements drops the
 * tenant and its locale list here. Resolves once listening, or, if the first subscription failed
 * (Redis down), after logging it; it is then retried every `retryMs`.
 *
 * @example
 * ```ts
 * const invalidation = await startTenantCacheInvalidation({
 *   tenantChanges: services.tenantChanges,
 *   transport: tenantCacheTransportFor({ databaseUrl: config.database.url, db, redis }),
 *   logger,
 * })
 * await invalidation.close() // on shutdown, before closing the database
 * ```
 */
export async function startTenantCacheInvalidation(
  options: TenantCacheInvalidationOptions,
): Promise<TenantCacheInvalidation> {
  const { tenantChanges, logger, instanceId = randomUUID(), retryMs = 5_000 } = options
  let closed = false
  const resync = (): void => {
    if (closed) return
    tenantChanges.forgetAll().catch((error: unknown) => {
      logger.warn({ error: String(error) }, 'tenant cache not cleared')
    })
  }
  const wired = wire(options.transport, { logger, resync })

  const onKeys = (keys: readonly string[], origin: string): void => {
    if (origin === instanceId || closed) return
    for (const key of keys) {
      if (!key.startsWith(ID_KEY_PREFIX)) continue
      const id = validateUuid(key.slice(ID_KEY_PREFIX.length))
      if (!id.ok) continue
      tenantChanges.forget(id.value).catch((error: unknown) => {
        logger.warn({ error: String(error), tenantId: id.value }, 'tenant cache entry not dropped')
      })
    }
  }

  let unsubscribe: InvalidationUnsubscribe | undefined
  let retry: NodeJS.Timeout | undefined
  const subscribe = async (attempt: number): Promise<void> => {
    try {
      const stop = await wired.transport.subscribe(onKeys)
      if (closed) return void (await stop())
      unsubscribe = stop
      // Announcements sent before this subscription were missed.
      if (attempt > 0) resync()
    } catch (error) {
      logger.error(
        { error: error instanceof Error ? error.message : String(error), retryMs },
        'tenant cache invalidation not subscribed; changes on other instances wait for the TTL',
      )
      if (closed) return
      retry = setTimeout(() => void subscribe(attempt + 1), retryMs)
    }
  }
  await subscribe(0)

  const sending = new Set<Promise<void>>()
  const detach = tenantChanges.onAnnounce((tenantId) => {
    const sent = wired.transport
      .publish([tenantCacheKey({ kind: 'uuid', value: tenantId.toLowerCase() })], instanceId)
      .catch((error: unknown) => {
        logger.warn(
          { error: error instanceof Error ? error.message : String(error), tenantId },
          'tenant change not broadcast; other instances keep it until the TTL',
        )
      })
      .finally(() => sending.delete(sent))
    sending.add(sent)
  })

  return {
    instanceId,
    transport: options.transport.kind,
    close: async () => {
      if (closed) return
      closed = true
      detach()
      if (retry) clearTimeout(retry)
      await Promise.allSettled([...sending])
      await unsubscribe?.().catch(() => undefined)
      await wired.close()
    },
  }
}
