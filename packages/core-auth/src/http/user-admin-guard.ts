import type { User } from '../index'
import type { AuthRouteDeps } from './auth-services'
import { problemResponse, type PermissionAccess, type RouteContext } from '@rustok/http'
import { fieldProblem } from './auth-request'
import { rolePrivileges, type RolePrivileges } from './role-privilege'

/** The context of a user-administration route: a signed-in user of a tenant. */
type GuardedContext = RouteContext<PermissionAccess>

/** The caller's role checks in the request's tenant. */
export function privilegesOf(c: GuardedContext, services: AuthRouteDeps): RolePrivileges {
  return rolePrivileges(services, { tenantId: c.var.tenantId, actorRole: c.var.principal.role })
}

/**
 * A role the caller wants to give: 400 on `body.role` when the tenant has no such role, 403 when
 * it holds a permission the caller does not. `undefined` when the caller may give it.
 */
export async function refuseRole(
  c: GuardedContext,
  privileges: RolePrivileges,
  role: string,
): Promise<Response | undefined> {
  if (!(await privileges.exists(role))) return fieldProblem(c, 'body.role', 'Unknown role')
  if (await privileges.within(role)) return undefined
  return problemResponse(c, {
    code: 'FORBIDDEN',
    detail: `You cannot give the role ${role}: it holds permissions your role does not.`,
  })
}

/** What {@link findTarget} checks besides the tenant. */
export interface TargetRules {
  /** Refuse (422) when the target is the caller: disabling or re-roling oneself. */
  readonly notSelf?: string
}

/**
 * The user an admin route acts on: 404 when the tenant has no such user (another tenant's id
 * included), 422 for the caller themself when `rules.notSelf` says why, 403 when the target's
 * role holds a permission the caller's does not.
 */
export async function findTarget(
  c: GuardedContext,
  services: AuthRouteDeps,
  target: { readonly userId: string; readonly rules?: TargetRules },
): Promise<{ user: User; privileges: RolePrivileges } | Response> {
  const user = await services.users.get(c.var.tenantId, target.userId)
  if (!user) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
  const notSelf = target.rules?.notSelf
  if (notSelf !== undefined && user.id === c.var.principal.userId) {
    return problemResponse(c, { code: 'UNPROCESSABLE', detail: notSelf })
  }
  const privileges = privilegesOf(c, services)
  if (!(await privileges.within(user.role))) {
    return problemResponse(c, {
      code: 'FORBIDDEN',
      detail: 'This user holds permissions your role does not; you cannot manage them.',
    })
  }
  return { user, privileges }
}
