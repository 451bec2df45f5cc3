import { AUTHENTICATED, defineRoute, type Route } from '@rustok/http'
import type { LocaleCache } from './locale-cache'
import { CurrentTenantSchema } from './tenancy-schemas'

/**
 * `GET /api/tenant`: the current tenant's public face for its signed-in users. It is
 * AUTHENTICATED rather than PUBLIC so that it is the cheap authenticated read the benchmarks
 * measure, and it stays cheap: the tenant comes from the tenant cache the resolver already read,
 * the locales from the in-process {@link LocaleCache}; a cache hit touches no table.
 */
export function currentTenantRoute(localeCache: LocaleCache): Route {
  return defineRoute({
    method: 'get',
    path: '/api/tenant',
    operationId: 'getCurrentTenant',
    summary: 'The current tenant: name, default locale and enabled locales',
    description:
      'Any signed-in user of the tenant. Served from caches, which other instances invalidate when a tenant or its locales change.',
    tags: ['tenancy'],
    access: AUTHENTICATED,
    responses: { 200: { description: 'The current tenant', schema: CurrentTenantSchema } },
    handler: async (c) => {
      const { id, slug, name, defaultLocale } = c.get('tenant')
      const locales = await localeCache.get(id)
      return c.json({ id, slug, name, defaultLocale, locales })
    },
  })
}
