import {
  requestEventContext,
  problemResponse,
  encodeCursor,
  pageSchema,
  defineRoute,
  requires,
  type Route,
} from '@rustok/http'
import { CreateTenantInputSchema, TenantPatchSchema } from '../index'
import type { TenancyServices } from './tenancy-services'
import type { LocaleCache } from './locale-cache'
import { tenantProblem } from './tenancy-outcomes'
import { TenantIdParams, TenantListQuery, TenantSchema, toTenantItem } from './tenancy-schemas'

/**
 * Why these routes take a tenant header yet act on any tenant: they are platform routes. The
 * platform operator (ADR 0020) signs in to their own tenant, which the header names, and manages
 * every tenant from there. A tenant's own roles never reach them, `super_admin` included.
 */
export const PLATFORM =
  'Platform route: only the platform operator may call it (with tenants:*); it acts on any tenant.'

const TAGS = ['tenancy']

/** The platform operator's tenant routes: list, create, read, change, disable, enable. */
export function tenantAdminRoutes(
  services: Pick<TenancyServices, 'tenants'>,
  localeCache: Pick<LocaleCache, 'invalidate'>,
): readonly Route[] {
  const { tenants } = services
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/tenants',
      operationId: 'listTenants',
      summary: 'Every tenant, a page at a time',
      description: `${PLATFORM} Filter with active=true|false and q (part of the slug or name).`,
      tags: TAGS,
      access: requires('tenants:list', { platform: true }),
      request: { query: TenantListQuery },
      responses: { 200: { description: 'A page of tenants', schema: pageSchema(TenantSchema) } },
      handler: async (c, { query }) => {
        const page = await tenants.list({
          limit: query.limit,
          sort: query.sort,
          after: query.cursor && { value: String(query.cursor.value), id: query.cursor.id },
          active: query.active,
          search: query.q,
        })
        return c.json({
          items: page.tenants.map(toTenantItem),
          nextCursor: page.next && encodeCursor(page.next),
        })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/tenants',
      operationId: 'createTenant',
      summary: 'Create a tenant',
      description: `${PLATFORM} The tenant starts active with its default locale; invite its first admin next.`,
      tags: TAGS,
      access: requires('tenants:create', { platform: true }),
      request: { body: CreateTenantInputSchema },
      responses: { 201: { description: 'The new tenant', schema: TenantSchema } },
      handler: async (c, { body }) => {
        const result = await tenants.create(body, requestEventContext(c))
        if (!result.ok) return tenantProblem(c, result)
        return c.json(toTenantItem(result.tenant), 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/tenants/:id',
      operationId: 'getTenant',
      summary: 'One tenant',
      description: PLATFORM,
      tags: TAGS,
      access: requires('tenants:read', { platform: true }),
      request: { params: TenantIdParams },
      responses: { 200: { description: 'The tenant', schema: TenantSchema } },
      handler: async (c, { params }) => {
        const tenant = await tenants.getById(params.id)
        if (!tenant)
          return problemResponse(c, { code: 'NOT_FOUND', detail: 'No tenant has this id.' })
        return c.json(toTenantItem(tenant))
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/tenants/:id',
      operationId: 'updateTenant',
      summary: 'Change a tenant',
      description: `${PLATFORM} Only the fields sent change; settings are replaced as a whole; domain null removes it; a new default locale is enabled if needed.`,
      tags: TAGS,
      access: requires('tenants:update', { platform: true }),
      request: { params: TenantIdParams, body: TenantPatchSchema },
      responses: { 200: { description: 'The tenant after the change', schema: TenantSchema } },
      handler: async (c, { params, body }) => {
        const result = await tenants.update(params.id, body, requestEventContext(c))
        if (!result.ok) return tenantProblem(c, result)
        if (result.changed && body.defaultLocale !== undefined) localeCache.invalidate(params.id)
        return c.json(toTenantItem(result.tenant))
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/tenants/:id/disable',
      operationId: 'disableTenant',
      summary: 'Disable a tenant',
      description: `${PLATFORM} Its requests are then refused with 403 until it is enabled again; nothing is deleted. The operator cannot disable the tenant they are signed in to.`,
      tags: TAGS,
      access: requires('tenants:update', { platform: true }),
      request: { params: TenantIdParams },
      responses: { 200: { description: 'The disabled tenant', schema: TenantSchema } },
      handler: async (c, { params }) => {
        if (params.id.toLowerCase() === c.var.tenantId.toLowerCase()) {
          return problemResponse(c, {
            code: 'CONFLICT',
            detail: 'You are signed in to this tenant: disabling it would lock you out.',
          })
        }
        const result = await tenants.disable(params.id, requestEventContext(c))
        if (!result.ok) return tenantProblem(c, result)
        return c.json(toTenantItem(result.tenant))
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/tenants/:id/enable',
      operationId: 'enableTenant',
      summary: 'Enable a disabled tenant',
      description: PLATFORM,
      tags: TAGS,
      access: requires('tenants:update', { platform: true }),
      request: { params: TenantIdParams },
      responses: { 200: { description: 'The enabled tenant', schema: TenantSchema } },
      handler: async (c, { params }) => {
        const result = await tenants.enable(params.id, requestEventContext(c))
        if (!result.ok) return tenantProblem(c, result)
        return c.json(toTenantItem(result.tenant))
      },
    }),
  ]
}
