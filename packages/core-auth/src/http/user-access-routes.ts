import {
  requestEventContext,
  problemResponse,
  defineRoute,
  requires,
  type PermissionAccess,
  type Route,
  type RouteContext,
} from '@rustok/http'
import type { UserChangeResult } from '../index'
import type { AuthRouteDeps } from './auth-services'
import { toUserDto, UserSchema } from './auth-dtos'
import { IdParams, RoleBody } from './auth-schemas'
import { beyondYourRole, findTarget, refuseRole } from './user-admin-guard'

const TAGS = ['auth', 'users']

function answer(c: RouteContext<PermissionAccess>, result: UserChangeResult): Response {
  if (result.ok) return c.json(toUserDto(result.user))
  // The target changed between the check and the change: it vanished, or its role moved beyond
  // the caller's (the store checks the role again on the locked row).
  if (result.reason === 'FORBIDDEN') return beyondYourRole(c)
  return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
}

/**
 * Whether a user of the tenant may sign in, and with which role. Both revoke the user's sessions
 * when they take something away. Nobody disables or re-roles themself (422), so a tenant cannot
 * lose its last administrator by a slip.
 */
export function userAccessRoutes(services: AuthRouteDeps): Route[] {
  const { users } = services

  const disable = defineRoute({
    method: 'post',
    path: '/api/admin/users/:id/disable',
    operationId: 'disableUser',
    summary: 'Disable a user: no sign-in, every session revoked',
    tags: TAGS,
    access: requires('users:update'),
    request: { params: IdParams },
    responses: { 200: { description: 'The user', schema: UserSchema } },
    handler: async (c, { params }) => {
      const target = await findTarget(c, services, {
        userId: params.id,
        rules: { notSelf: 'You cannot disable your own account.' },
      })
      if (target instanceof Response) return target
      const ref = { tenantId: c.var.tenantId, userId: target.user.id }
      const { allowedRoles } = target
      return answer(c, await users.disable({ ...ref, allowedRoles }, requestEventContext(c)))
    },
  })

  const enable = defineRoute({
    method: 'post',
    path: '/api/admin/users/:id/enable',
    operationId: 'enableUser',
    summary: 'Enable a disabled user again',
    tags: TAGS,
    access: requires('users:update'),
    request: { params: IdParams },
    responses: { 200: { description: 'The user', schema: UserSchema } },
    handler: async (c, { params }) => {
      const target = await findTarget(c, services, { userId: params.id })
      if (target instanceof Response) return target
      const ref = { tenantId: c.var.tenantId, userId: target.user.id }
      const { allowedRoles } = target
      return answer(c, await users.enable({ ...ref, allowedRoles }, requestEventContext(c)))
    },
  })

  const setRole = defineRoute({
    method: 'put',
    path: '/api/admin/users/:id/role',
    operationId: 'setUserRole',
    summary: "Change a user's role; their sessions are revoked",
    description:
      "Both the user's current role and the new one must be within the caller's own (403).",
    tags: TAGS,
    access: requires('users:manage'),
    request: { params: IdParams, body: RoleBody },
    responses: { 200: { description: 'The user', schema: UserSchema } },
    handler: async (c, { params, body }) => {
      const target = await findTarget(c, services, {
        userId: params.id,
        rules: { notSelf: 'You cannot change your own role.' },
      })
      if (target instanceof Response) return target
      const refused = await refuseRole(c, target.privileges, body.role)
      if (refused) return refused
      const change = {
        tenantId: c.var.tenantId,
        userId: target.user.id,
        role: body.role,
        allowedRoles: target.allowedRoles,
      }
      return answer(c, await users.assignRole(change, requestEventContext(c)))
    },
  })

  return [disable, enable, setRole]
}
