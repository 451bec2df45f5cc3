import { sql } from 'kysely'
import type { AnyKysely, AuthDb } from './auth-tables'
import { isCoreAuthError } from './core-auth-error'
import { createRbac, type CustomRole, type Rbac } from './rbac'

/** The outcome of {@link CustomRoles.define}. */
export type DefineRoleResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'INVALID_ROLE'; readonly message: string }

/** Per-tenant custom roles (A2), stored in `custom_roles`. */
export interface CustomRoles {
  /** Creates or replaces a tenant's role; built-in names and unknown grants are refused. */
  define(tenantId: string, name: string, role: CustomRole): Promise<DefineRoleResult>
  /** Removes a role; returns whether it existed. */
  remove(tenantId: string, name: string): Promise<boolean>
  /** The tenant's roles by name. */
  list(tenantId: string): Promise<Readonly<Record<string, CustomRole>>>
  /** Decisions for one tenant: the built-in roles plus that tenant's own. */
  rbacFor(tenantId: string): Promise<Rbac>
}

/**
 * Stores custom roles per tenant. A tenant's roles never apply to another tenant: `rbacFor(a)`
 * knows only tenant `a`'s roles.
 *
 * @example
 * ```ts
 * const roles = createCustomRoles({ db })
 * await roles.define(tenantId, 'editor', { inherits: 'customer', grants: ['posts:update'] })
 * const rbac = await roles.rbacFor(tenantId)
 * rbac.can('editor', 'posts', 'update') // true
 * ```
 */
export function createCustomRoles({ db }: { readonly db: AnyKysely }): CustomRoles {
  const authDb = db as AuthDb
  const list = async (tenantId: string): Promise<Record<string, CustomRole>> => {
    const rows = await authDb
      .selectFrom('custom_roles')
      .select(['name', 'inherits', 'grants'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute()
    return Object.fromEntries(
      rows.map((row) => [
        row.name,
        { ...(row.inherits ? { inherits: row.inherits } : {}), grants: row.grants } as CustomRole,
      ]),
    )
  }
  return {
    async define(tenantId, name, role) {
      try {
        // Validates the name (no built-in), the inherited role and every grant.
        createRbac({ customRoles: { [name]: role } })
        if (!/^[a-z][a-z0-9_]{0,63}$/.test(name)) {
          return {
            ok: false,
            reason: 'INVALID_ROLE',
            message: `Role name "${name}" must be snake_case`,
          }
        }
      } catch (error) {
        if (isCoreAuthError(error))
          return { ok: false, reason: 'INVALID_ROLE', message: error.message }
        throw error
      }
      await authDb
        .insertInto('custom_roles')
        .values({
          tenant_id: tenantId,
          name,
          inherits: role.inherits ?? null,
          grants: JSON.stringify(role.grants),
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'name']).doUpdateSet({
            inherits: role.inherits ?? null,
            grants: JSON.stringify(role.grants),
            updated_at: sql<Date>`now()`,
          }),
        )
        .execute()
      return { ok: true }
    },
    async remove(tenantId, name) {
      const result = await authDb
        .deleteFrom('custom_roles')
        .where('tenant_id', '=', tenantId)
        .where('name', '=', name)
        .executeTakeFirst()
      return result.numDeletedRows > 0n
    },
    list,
    async rbacFor(tenantId) {
      return createRbac({ customRoles: await list(tenantId) })
    },
  }
}
