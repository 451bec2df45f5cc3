import {
  defineRoute,
  pageSchema,
  requestEventContext,
  requires,
  type PermissionAccess,
  type Route,
  type RouteContext,
} from '@rustok/http'
import type { LocaleChangeResult, TenantLocale } from '../index'
import type { TenancyServices } from './tenancy-services'
import type { LocaleCache } from './locale-cache'
import { localeProblem } from './tenancy-outcomes'
import {
  AddLocaleBody,
  DefaultLocaleBody,
  FallbackBody,
  LocaleParams,
  LocaleSchema,
} from './tenancy-schemas'

const TAGS = ['tenancy']
const LIST = pageSchema(LocaleSchema)

const toItem = (locale: TenantLocale) => ({
  code: locale.locale,
  fallback: locale.fallback,
  enabled: locale.enabled,
  position: locale.position,
  isDefault: locale.isDefault,
})

/** The current tenant's locales: list, add, default, fallback, disable (`settings:*`). */
export function localeRoutes(
  services: Pick<TenancyServices, 'tenantLocales'>,
  localeCache: LocaleCache,
): readonly Route[] {
  const { tenantLocales } = services

  // Every write answers with the whole list: a change to one locale can move the default flag.
  const answer = async (
    c: RouteContext<PermissionAccess>,
    outcome: {
      readonly result: LocaleChangeResult
      readonly localeField?: string
      readonly status?: 200 | 201
    },
  ): Promise<Response> => {
    const { result, localeField, status = 200 } = outcome
    if (!result.ok) return localeProblem(c, { failure: result, localeField })
    if (result.changed) localeCache.invalidate(c.var.tenantId)
    const items = (await tenantLocales.list(c.var.tenantId)).map(toItem)
    return c.json({ items, nextCursor: null }, status)
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/locales',
      operationId: 'listLocales',
      summary: "The tenant's locales, disabled ones included",
      description: 'Every locale in one page, in display order.',
      tags: TAGS,
      access: requires('settings:read'),
      responses: { 200: { description: 'The locales', schema: LIST } },
      handler: async (c) => {
        const items = (await tenantLocales.list(c.var.tenantId)).map(toItem)
        return c.json({ items, nextCursor: null })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/locales',
      operationId: 'addLocale',
      summary: 'Add a locale, or enable a disabled one again',
      description:
        'The fallback must be another enabled locale; 409 if the locale is already enabled.',
      tags: TAGS,
      access: requires('settings:update'),
      request: { body: AddLocaleBody },
      responses: { 201: { description: 'The locales after the change', schema: LIST } },
      handler: async (c, { body }) => {
        const result = await tenantLocales.addLocale(
          c.var.tenantId,
          { locale: body.code, fallback: body.fallback, position: body.position },
          requestEventContext(c),
        )
        return answer(c, { result, status: 201 })
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/locales/default',
      operationId: 'setDefaultLocale',
      summary: 'Make an enabled locale the default',
      tags: TAGS,
      access: requires('settings:update'),
      request: { body: DefaultLocaleBody },
      responses: { 200: { description: 'The locales after the change', schema: LIST } },
      handler: async (c, { body }) => {
        const result = await tenantLocales.setDefault(
          c.var.tenantId,
          body.locale,
          requestEventContext(c),
        )
        return answer(c, { result, localeField: 'body.locale' })
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/locales/:code/fallback',
      operationId: 'setLocaleFallback',
      summary: 'Set or clear (null) the fallback of a locale',
      tags: TAGS,
      access: requires('settings:update'),
      request: { params: LocaleParams, body: FallbackBody },
      responses: { 200: { description: 'The locales after the change', schema: LIST } },
      handler: async (c, { params, body }) => {
        const result = await tenantLocales.setFallback(
          c.var.tenantId,
          { locale: params.code, fallback: body.fallback },
          requestEventContext(c),
        )
        return answer(c, { result })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/locales/:code/disable',
      operationId: 'disableLocale',
      summary: 'Disable a locale other than the default',
      description: 'Translations in it are kept; 409 for the default locale.',
      tags: TAGS,
      access: requires('settings:update'),
      request: { params: LocaleParams },
      responses: { 200: { description: 'The locales after the change', schema: LIST } },
      handler: async (c, { params }) => {
        const result = await tenantLocales.disableLocale(
          c.var.tenantId,
          params.code,
          requestEventContext(c),
        )
        return answer(c, { result })
      },
    }),
  ]
}
