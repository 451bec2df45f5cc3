export type {
  Awaitable,
  Cache,
  CacheLoader,
  CacheLoadOptions,
  CacheSetOptions,
  CacheStats,
} from './cache'
export { cacheKey } from './cache-key'
export { CoreCacheError, isCoreCacheError } from './core-cache-error'
export type { CoreCacheErrorCode } from './core-cache-error'
export { createInvalidatingCache } from './invalidating-cache'
export type { InvalidatingCache, InvalidatingCacheOptions } from './invalidating-cache'
export type {
  InvalidationListener,
  InvalidationTransport,
  InvalidationUnsubscribe,
} from './invalidation-transport'
export { createMemoryCache } from './memory-cache'
export type { MemoryCache, MemoryCacheOptions } from './memory-cache'
export { createMemoryInvalidationHub } from './memory-invalidation-hub'
export { createPgNotifyInvalidation } from './pg-notify-invalidation'
export type { PgNotifyInvalidationOptions } from './pg-notify-invalidation'
export { createRedisCache } from './redis-cache'
export type {
  CircuitBreakerPort,
  RedisCache,
  RedisCacheOptions,
  RedisCachePort,
} from './redis-cache'
export { createRedisInvalidation } from './redis-invalidation'
export type {
  RedisInvalidationOptions,
  RedisMessageListener,
  RedisPublisherPort,
  RedisSubscriberPort,
} from './redis-invalidation'
