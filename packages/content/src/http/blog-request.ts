import { isRole, permissionScope } from '@rustok/core-auth/rbac'
import { requestEventContext, type PermissionAccess, type RouteContext } from '@rustok/http'
import type { ContentActor } from '../index'

/**
 * The actor of a blog route: the signed-in user, with the scope their role gives on `resource`
 * for `action` (a custom role that passed the route's permission check reaches everything).
 */
export function blogActor(
  c: RouteContext<PermissionAccess>,
  permission: {
    readonly resource: 'posts' | 'comments'
    readonly action: 'create' | 'update' | 'manage'
  },
): ContentActor {
  const { role } = c.var.principal
  const scope = isRole(role) ? permissionScope(role, permission.resource, permission.action) : 'all'
  const context = requestEventContext(c)
  return {
    userId: c.var.userId,
    scope: scope === 'own' ? 'own' : 'all',
    correlationId: context.correlationId,
    traceId: context.traceId,
  }
}

/** The absolute URL of a post on the tenant's site. */
export interface SiteUrls {
  /** `https://<tenant domain>`, or the origin the request came to when the tenant has none. */
  base(tenantId: string, requestUrl: string): Promise<string>
  /** Where a post is read: the tenant's `blogPostUrl` setting, or `<base>/<locale>/blog/<slug>`. */
  post(
    tenantId: string,
    target: { readonly requestUrl: string; readonly locale: string; readonly slug: string },
  ): Promise<string>
}

/** A setting's template as a post URL, or `undefined` unless it is an absolute http(s) URL with `{slug}`. */
export function postUrlFromTemplate(
  template: unknown,
  values: { readonly locale: string; readonly slug: string },
): string | undefined {
  if (typeof template !== 'string' || !template.includes('{slug}')) return undefined
  const url = template
    .replaceAll('{locale}', encodeURIComponent(values.locale))
    .replaceAll('{slug}', encodeURIComponent(values.slug))
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined
  } catch {
    return undefined
  }
}

/** {@link SiteUrls} over the tenant's domain and settings. */
export function siteUrls(
  tenantOf: (
    tenantId: string,
  ) => Promise<
    | { readonly domain: string | null; readonly settings: Readonly<Record<string, unknown>> }
    | undefined
  >,
): SiteUrls {
  const base = async (tenantId: string, requestUrl: string): Promise<string> => {
    const domain = (await tenantOf(tenantId))?.domain
    return domain ? `https://${domain}` : new URL(requestUrl).origin
  }
  return {
    base,
    async post(tenantId, { requestUrl, locale, slug }) {
      const template = (await tenantOf(tenantId))?.settings['blogPostUrl']
      return (
        postUrlFromTemplate(template, { locale, slug }) ??
        `${await base(tenantId, requestUrl)}/${encodeURIComponent(locale)}/blog/${encodeURIComponent(slug)}`
      )
    },
  }
}
