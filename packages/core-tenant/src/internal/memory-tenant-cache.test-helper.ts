import type { Tenant } from '../tenant'
import type { TenantCachePort } from '../tenant-cache'

interface Entry {
  readonly value: Tenant | undefined
  readonly expiresAt: number
}

/** A stand-in for core-cache's memory cache: TTLs, negative entries, single flight. */
export function memoryTenantCache(now: () => number = () => Date.now()): TenantCachePort & {
  readonly entries: Map<string, Entry>
} {
  const entries = new Map<string, Entry>()
  const inFlight = new Map<string, Promise<Tenant | undefined>>()
  return {
    entries,
    getOrLoad(key, loader, options = {}) {
      const hit = entries.get(key)
      if (hit && hit.expiresAt > now()) return Promise.resolve(hit.value)
      const pending = inFlight.get(key)
      if (pending) return pending
      const load = loader()
        .then((value) => {
          const ttl = value === undefined ? options.negativeTtlMs : options.ttlMs
          if (ttl !== undefined) entries.set(key, { value, expiresAt: now() + ttl })
          return value
        })
        .finally(() => inFlight.delete(key))
      inFlight.set(key, load)
      return load
    },
    delete(key) {
      return entries.delete(key)
    },
  }
}
