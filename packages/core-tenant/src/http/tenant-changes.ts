import type { TenantCache } from '../index'
import type { LocaleCache } from './locale-cache'

/** Announces with the id of a tenant whose cached copies went stale. */
export type TenantChangeListener = (tenantId: string) => void

/**
 * The seam between a process's tenant caches and the other instances: this process announces the
 * tenants it changed (after commit), and drops its copies of tenants changed elsewhere without
 * announcing again (an echo would bounce between instances forever).
 */
export interface TenantChanges {
  /** After a committed change made by this process: tells every listener. Never throws. */
  announce(tenantId: string): void
  /** Subscribes to this process's announcements (the cross-instance broadcaster); returns the unsubscribe. */
  onAnnounce(listener: TenantChangeListener): () => void
  /** Drops this process's cached tenant and locale list for `tenantId`; announces nothing. */
  forget(tenantId: string): Promise<void>
  /**
   * Drops every cached tenant of this process, after invalidations may have been missed (the
   * listener was disconnected). Locale lists are left to their short TTL.
   */
  forgetAll(): Promise<void>
}

/** Builds the {@link TenantChanges} of one process over its tenant and locale caches. */
export function createTenantChanges(options: {
  readonly tenantCache: Pick<TenantCache, 'invalidateById'>
  readonly localeCache: Pick<LocaleCache, 'invalidate'>
  /** Empties the tenant cache's store (the memory cache under `tenantCache`). */
  readonly clearTenants: () => unknown
}): TenantChanges {
  const listeners = new Set<TenantChangeListener>()
  return {
    announce(tenantId) {
      for (const listener of [...listeners]) {
        // A listener's failure must not surface in the request that already committed the change.
        try {
          listener(tenantId)
        } catch {
          // Listeners report their own failures; the local caches are already correct.
        }
      }
    },
    onAnnounce(listener) {
      const wrapped: TenantChangeListener = (tenantId) => listener(tenantId)
      listeners.add(wrapped)
      return () => {
        listeners.delete(wrapped)
      }
    },
    async forget(tenantId) {
      options.localeCache.invalidate(tenantId)
      await options.tenantCache.invalidateById(tenantId)
    },
    async forgetAll() {
      await options.clearTenants()
    },
  }
}

/**
 * The locale cache the routes use: forgetting a tenant's locales after a committed change also
 * announces it, so the other instances drop their copy.
 */
export function announcingLocaleCache(cache: LocaleCache, changes: TenantChanges): LocaleCache {
  return {
    get: (tenantId) => cache.get(tenantId),
    invalidate(tenantId) {
      cache.invalidate(tenantId)
      changes.announce(tenantId)
    },
  }
}
