import type { PermissionAccess, RouteContext } from '@rustok/http'
import type { OrderScope } from '../index'

/**
 * Which orders the caller reaches: a customer only their own (the RBAC scope `own` of the
 * customer role on `orders`, §5.3); staff and custom roles that passed the route's permission
 * check, the tenant's.
 */
export function orderScope(c: RouteContext<PermissionAccess>): OrderScope {
  return {
    tenantId: c.var.tenantId,
    ...(c.var.principal.role === 'customer' ? { customerId: c.var.userId } : {}),
  }
}
