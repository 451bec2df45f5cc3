import { idempotency } from '../http/idempotency/idempotency'
import { createPostgresIdempotencyStore } from '../http/idempotency/postgres-idempotency-store'
import { createMemoryRateLimitStore } from '../rate-limit/memory-rate-limit-store'
import { createPostgresRateLimitStore } from '../rate-limit/postgres-rate-limit-store'
import { rateLimit } from '../rate-limit/rate-limit'
import { ipKey, tenantKey } from '../rate-limit/rate-limit-keys'
import { createRememberedUsers } from '../rate-limit/remembered-users'
import type { RateLimitStore } from '../rate-limit/rate-limit-store'
import {
  createRedisRateLimitStore,
  type RedisRateLimitPort,
} from '../rate-limit/redis-rate-limit-store'
import type { PipelineExtras } from './create-server-app'
import type { Services } from './services'

/**
 * A tenant's budget is this many times a single caller's. With one limit for every dimension the
 * tenant key would always be the one refusing (every user's requests count for the tenant too),
 * so a tenant with two busy users would be throttled like one user.
 */
export const TENANT_LIMIT_FACTOR = 10

/** Options of {@link createPipelineExtras}. */
export interface PipelineExtrasOptions {
  /** Shares rate-limit counters through Redis (an ioredis client). */
  readonly redis?: RedisRateLimitPort
  /** Counts in this store instead of the one the configuration picks (tests, benchmarks). */
  readonly store?: RateLimitStore
}

function rateLimitStore(services: Services, redis: RedisRateLimitPort | undefined): RateLimitStore {
  if (redis) {
    return createRedisRateLimitStore({
      redis,
      onError: (error) =>
        services.logger.warn(
          { error: String(error) },
          'rate limit: Redis failed, counting locally',
        ),
    })
  }
  // Several instances share a PostgreSQL server, never a PGlite directory: count there.
  if (services.config.database.url !== undefined) return createPostgresRateLimitStore(services.db)
  return createMemoryRateLimitStore()
}

/**
 * The per-route rate limits and `Idempotency-Key` support, from the configuration: per IP (policy
 * `default`) and per tenant (policy `tenant`, {@link TENANT_LIMIT_FACTOR} times the limit) before
 * authentication, so invalid tokens are limited too; per signed-in user (policy `user`) in the
 * same pass when the token authenticated before (`createRememberedUsers`), else right after
 * authentication. `rateLimit.limit` per `rateLimit.windowMs`, counted in Redis when a client is given,
 * else in PostgreSQL when the server runs on one, else in memory. Idempotency records live in the
 * database.
 *
 * @example
 * ```ts
 * const { app } = createServerApp(services, createPipelineExtras(services, { redis }))
 * ```
 */
export function createPipelineExtras(
  services: Services,
  options: PipelineExtrasOptions = {},
): PipelineExtras {
  const idempotencyMiddleware = idempotency({ store: createPostgresIdempotencyStore(services.db) })
  const { enabled, limit, windowMs } = services.config.rateLimit
  if (!enabled) return { idempotency: idempotencyMiddleware }
  const store = options.store ?? rateLimitStore(services, options.redis)
  const users = createRememberedUsers()
  // One pass, one store call, before authentication: the address, then the tenant, then the user
  // when the bearer token authenticated before (each not counted for a request an earlier key
  // refused). A token seen for the first time has its user counted right after authentication.
  const beforeAuthentication = rateLimit({
    store,
    limit,
    windowMs,
    keys: [ipKey({ trustedProxies: services.config.trustedProxies })],
    also: [
      { policy: 'tenant', limit: limit * TENANT_LIMIT_FACTOR, keys: [tenantKey()] },
      { policy: 'user', limit, keys: [users.beforeAuthentication] },
    ],
  })
  const perUser = rateLimit({
    store,
    limit,
    windowMs,
    keys: [users.afterAuthentication],
    policy: 'user',
  })
  return {
    rateLimit: beforeAuthentication,
    userRateLimit: perUser,
    idempotency: idempotencyMiddleware,
  }
}
