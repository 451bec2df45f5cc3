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

/** The user an admin route acts on, and what the caller may do to users. */
export interface Target {
  readonly user: User
  readonly privileges: RolePrivileges
  /**
   * The roles the caller may manage: pass them to the user store's change, which checks the
   * target's role again inside its own transaction (this lookup ran in an earlier one).
   */
  readonly allowedRoles: ReadonlySet<string>
}

const BEYOND_YOUR_ROLE = 'This user holds permissions your role does not; you cannot manage them.'

/**
 * The user an admin route acts on: 404 when the tenant has no such user (another tenant's id
 * included), 422 for the caller themself when `rules.notSelf` says why, 403 when the target's
 * role holds a permission the caller's does not.
 */
export async function findTarget(
  c: GuardedContext,
  services: AuthRouteDeps,
  target: { readonly userId: string; readonly rules?: TargetRules },
): Promise<Target | Response> {
  const user = await services.users.get(c.var.tenantId, target.userId)
  if (!user) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
  const notSelf = target.rules?.notSelf
  if (notSelf !== undefined && user.id === c.var.principal.userId) {
    return problemResponse(c, { code: 'UNPROCESSABLE', detail: notSelf })
  }
  const privileges = privilegesOf(c, services)
  if (!(await privileges.within(user.role))) return beyondYourRole(c)
  return { user, privileges, allowedRoles: await privileges.manageable() }
}

/**
 * 403 for a user whose role holds a permission the caller's does not: from {@link findTarget},
 * or from the change itself when the target's role changed after that check (`FORBIDDEN`).
 */
export function beyondYourRole(c: GuardedContext): Response {
  return problemResponse(c, { code: 'FORBIDDEN', detail: BEYOND_YOUR_ROLE })
}
