import { type Rbac, createRbac, isRole, parsePermission } from '../index'
import type { MiddlewareHandler } from 'hono'
import { problemResponse, type AppEnv } from '@rustok/http'

/** Finds the RBAC decisions of a tenant: the built-in roles plus the tenant's custom roles. */
export type RbacSource = (tenantId: string) => Rbac | Promise<Rbac>

const BUILT_IN: Rbac = createRbac()

/**
 * Refuses with 403 unless the principal's role holds `permission` in the request's tenant
 * (requirement A1). Runs after authentication.
 */
export function authorize(permission: string, rbacFor: RbacSource): MiddlewareHandler<AppEnv> {
  const parsed = parsePermission(permission)
  if (!parsed.ok) throw new Error(`Invalid permission "${permission}": ${parsed.reason}`)
  const { resource, action } = parsed
  return async function authorize(c, next) {
    const { role } = c.get('principal')
    // Built-in roles are decided in memory; only a custom role needs the tenant's definitions.
    const rbac = isRole(role) ? BUILT_IN : await rbacFor(c.get('tenantId'))
    if (!rbac.can(role, resource, action)) {
      return problemResponse(c, { code: 'FORBIDDEN', detail: `Requires ${permission}.` })
    }
    return next()
  }
}
