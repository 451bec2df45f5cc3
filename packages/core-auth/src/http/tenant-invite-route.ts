import {
  requestEventContext,
  problemResponse,
  defineRoute,
  requires,
  type Route,
} from '@rustok/http'
import { isRole } from '../rbac-matrix'
import type { AuthRouteDeps } from './auth-services'
import { PLATFORM, TenantIdParams } from '@rustok/core-tenant/http'
import { InviteBody, InviteSchema } from './auth-schemas'

/**
 * `POST /api/admin/tenants/:id/invites`: how the operator gives a new tenant its first admin. The
 * token goes to the invited address; the response carries it too only when the server allows it
 * (`auth.inviteTokenInResponse`), for operators with no mail delivery. Only the platform operator
 * reaches this route, so no tenant role ever sees a token this way.
 */
export function tenantInviteRoute(services: AuthRouteDeps): Route {
  const { tenants, purposeTokens, customRoles, mailer, config } = services
  return defineRoute({
    method: 'post',
    path: '/api/admin/tenants/:id/invites',
    operationId: 'inviteToTenant',
    summary: "Invite someone to a tenant with a role, e.g. the tenant's first admin",
    description: `${PLATFORM} The invite is e-mailed; accepting it creates the account in that tenant. With \`INVITE_TOKEN_IN_RESPONSE=true\` the answer carries the token too.`,
    tags: ['tenancy'],
    access: requires('tenants:manage', { platform: true }),
    // The answer may carry the invite token.
    noStore: true,
    request: { params: TenantIdParams, body: InviteBody },
    responses: { 201: { description: 'The invite was sent', schema: InviteSchema } },
    handler: async (c, { params, body }) => {
      const tenant = await tenants.getById(params.id)
      if (!tenant)
        return problemResponse(c, { code: 'NOT_FOUND', detail: 'No tenant has this id.' })
      const known = isRole(body.role) || Object.hasOwn(await customRoles.list(tenant.id), body.role)
      if (!known) {
        return problemResponse(c, {
          code: 'INVALID_INPUT',
          errors: [{ path: 'body.role', message: `No role "${body.role}" in this tenant` }],
        })
      }
      const issued = await purposeTokens.invite(
        { tenantId: tenant.id, email: body.email, role: body.role },
        requestEventContext(c),
      )
      if (!issued.ok) {
        return problemResponse(c, {
          code: 'CONFLICT',
          detail: 'This e-mail already has an account in the tenant.',
          errors: [{ path: 'body.email', message: 'is already registered in this tenant' }],
        })
      }
      await mailer.send({
        purpose: 'invite',
        tenantId: tenant.id,
        to: body.email,
        token: issued.token,
        expiresAt: issued.expiresAt,
      })
      const expiresAt = issued.expiresAt.toISOString()
      if (!config.inviteTokenInResponse) return c.json({ expiresAt }, 201)
      return c.json({ expiresAt, token: issued.token }, 201)
    },
  })
}
