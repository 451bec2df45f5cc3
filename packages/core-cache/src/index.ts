export { CoreCacheError, isCoreCacheError } from './core-cache-error'
export type { CoreCacheErrorCode } from './core-cache-error'
