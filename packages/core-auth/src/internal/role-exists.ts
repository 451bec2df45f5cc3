import type { AuthDb } from '../auth-tables'
import { isRole } from '../rbac'

/** Whether `role` is a built-in role or one of the tenant's custom roles. */
export async function roleExists(trx: AuthDb, tenantId: string, role: string): Promise<boolean> {
  if (isRole(role)) return true
  const row = await trx
    .selectFrom('custom_roles')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', role)
    .executeTakeFirst()
  return row !== undefined
}
