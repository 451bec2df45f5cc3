import { CoreCacheError } from '../core-cache-error'

/** Checks that a TTL is a positive number of milliseconds (`Infinity` allowed) and returns it. */
export function checkTtl(name: string, ttlMs: number): number {
  if (!(ttlMs > 0)) {
    throw new CoreCacheError(
      'INVALID_INPUT',
      `${name} must be a positive number of ms, got ${ttlMs}`,
    )
  }
  return ttlMs
}

/** Like {@link checkTtl}, but `undefined` (not configured) passes through. */
export function checkOptionalTtl(name: string, ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined ? undefined : checkTtl(name, ttlMs)
}
