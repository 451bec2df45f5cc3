import { type Rbac, createRbac } from '../index'
import { isRole, parsePermission } from '../rbac-matrix'
import type { MiddlewareHandler } from 'hono'
import { problemResponse, type AppEnv } from '@rustok/http'

/** Finds the RBAC decisions of a tenant: the built-in roles plus the tenant's custom roles. */
export type RbacSource = (tenantId: string) => Rbac | Promise<Rbac>

/** Whether the signed-in user operates the platform (ADR 0020); asked on platform routes only. */
export type OperatorCheck = (tenantId: string, userId: string) => Promise<boolean>

/** What {@link authorize} checks besides the permission. */
export interface AuthorizeOptions {
  /**
   * The route acts on every tenant: the caller must also be a platform operator. Without
   * `isOperator` such a route refuses everyone.
   */
  readonly platform?: boolean
  readonly isOperator?: OperatorCheck
}

const BUILT_IN: Rbac = createRbac()

/**
 * Refuses with 403 unless the principal's role holds `permission` in the request's tenant
 * (requirement A1), and, on a platform route, unless the principal is a platform operator: a
 * tenant role, `super_admin` included, never reaches other tenants by itself. Runs after
 * authentication.
 */
export function authorize(
  permission: string,
  rbacFor: RbacSource,
  options: AuthorizeOptions = {},
): MiddlewareHandler<AppEnv> {
  const parsed = parsePermission(permission)
  if (!parsed.ok) throw new Error(`Invalid permission "${permission}": ${parsed.reason}`)
  const { resource, action } = parsed
  const { platform = false, isOperator } = options
  return async function authorize(c, next) {
    const { role, userId, tenantId } = c.get('principal')
    // Built-in roles are decided in memory; only a custom role needs the tenant's definitions.
    const rbac = isRole(role) ? BUILT_IN : await rbacFor(c.get('tenantId'))
    if (!rbac.can(role, resource, action)) {
      return problemResponse(c, { code: 'FORBIDDEN', detail: `Requires ${permission}.` })
    }
    if (platform && !(isOperator !== undefined && (await isOperator(tenantId, userId)))) {
      return problemResponse(c, {
        code: 'FORBIDDEN',
        detail: `Requires ${permission} as the platform operator: this route acts on every tenant.`,
      })
    }
    return next()
  }
}
