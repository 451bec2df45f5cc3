import { createRbac, type CustomRoles, type Rbac } from '../index'
import { ACTIONS, isRole, RESOURCES, ROLES } from '../rbac-matrix'

const BUILT_IN: Rbac = createRbac()

/** What {@link rolePrivileges} needs: the tenant's custom roles. */
export interface RolePrivilegesDeps {
  readonly customRoles: Pick<CustomRoles, 'list' | 'rbacFor'>
}

/** Role checks of one tenant for one actor. */
export interface RolePrivileges {
  /** Whether the tenant has the role (built-in or its own custom role). */
  exists(role: string): Promise<boolean>
  /**
   * Whether every permission of `role` is one the actor's role holds too. An actor may only hand
   * out, or act on holders of, roles within their own: an admin cannot make a super_admin, nor
   * rename a super_admin's e-mail and take the account over with a password reset.
   */
  within(role: string): Promise<boolean>
  /**
   * Every role of the tenant (built-in and custom) that is {@link RolePrivileges.within} the
   * actor's: the `allowedRoles` a user-store change re-checks inside its own transaction.
   */
  manageable(): Promise<ReadonlySet<string>>
}

/**
 * The privilege rule of user administration, over the built-in matrix and the tenant's custom
 * roles. Each permission (18 resources × 8 actions) of `role` is checked against the actor's role,
 * so it holds for custom roles as well as built-in ones.
 */
export function rolePrivileges(
  deps: RolePrivilegesDeps,
  scope: { readonly tenantId: string; readonly actorRole: string },
): RolePrivileges {
  let rbac: Promise<Rbac> | undefined
  const rbacFor = (roles: readonly string[]): Promise<Rbac> =>
    roles.every(isRole)
      ? Promise.resolve(BUILT_IN)
      : (rbac ??= deps.customRoles.rbacFor(scope.tenantId))
  const within = async (role: string): Promise<boolean> => {
    const decide = await rbacFor([role, scope.actorRole])
    return RESOURCES.every((resource) =>
      ACTIONS.every(
        (action) =>
          !decide.can(role, resource, action) || decide.can(scope.actorRole, resource, action),
      ),
    )
  }
  return {
    async exists(role) {
      if (isRole(role)) return true
      return Object.hasOwn(await deps.customRoles.list(scope.tenantId), role)
    },
    within,
    async manageable() {
      const roles = [...ROLES, ...Object.keys(await deps.customRoles.list(scope.tenantId))]
      const allowed = await Promise.all(roles.map(within))
      return new Set(roles.filter((_, index) => allowed[index]))
    },
  }
}
