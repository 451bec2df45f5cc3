import { createMemoryCache } from '@rustok/core-cache'
import type { TenantLocales } from '../index'

/** An enabled locale as tenant users see it. */
export interface PublicLocale {
  readonly code: string
  readonly fallback: string | null
}

/** Each tenant's enabled locales, kept in memory for the cheap `GET /api/tenant`. */
export interface LocaleCache {
  /** The tenant's enabled locales in display order. */
  get(tenantId: string): Promise<readonly PublicLocale[]>
  /** Forgets the tenant's locales; call it after every committed locale change. */
  invalidate(tenantId: string): void
}

/**
 * Builds the locale cache of one process. This process drops an entry as soon as it changes the
 * tenant's locales; other instances drop it when the change is broadcast (tenant-changes.ts),
 * and the entry's expiry (`ttlMs`, default 30 s) bounds a missed broadcast.
 */
export function createLocaleCache(options: {
  readonly locales: Pick<TenantLocales, 'list'>
  readonly ttlMs?: number
  readonly maxSize?: number
}): LocaleCache {
  const cache = createMemoryCache<readonly PublicLocale[]>({
    maxSize: options.maxSize ?? 10_000,
    ttlMs: options.ttlMs ?? 30_000,
  })
  return {
    async get(tenantId) {
      const locales = await cache.getOrLoad(tenantId, async () =>
        (await options.locales.list(tenantId))
          .filter((locale) => locale.enabled)
          .map((locale) => ({ code: locale.locale, fallback: locale.fallback })),
      )
      return locales ?? []
    },
    invalidate(tenantId) {
      cache.delete(tenantId)
    },
  }
}
