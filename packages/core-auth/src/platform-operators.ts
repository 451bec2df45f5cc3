import { sql } from 'kysely'
import type { AnyKysely, AuthDb } from './auth-tables'

/**
 * Who operates the platform (ADR 0020): a short list of users, apart from every tenant's roles.
 * A tenant's roles, `super_admin` included, reach only that tenant; platform routes (every
 * tenant, every tenant's events) also need the caller to be listed here.
 */
export interface PlatformOperators {
  /** Makes an active user of `tenantId` a platform operator; returns false if no such user. */
  grant(tenantId: string, userId: string, trx?: AnyKysely): Promise<boolean>
  /** Takes the grant back; returns whether there was one. */
  revoke(userId: string, trx?: AnyKysely): Promise<boolean>
  /**
   * Whether the user, signed in to `tenantId`, operates the platform: listed, of that tenant, and
   * active. Asked on every platform request (never cached), so a revoked grant or a disabled
   * account stops at once.
   */
  isOperator(tenantId: string, userId: string): Promise<boolean>
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Stores the platform operators in `platform_operators` (one row per user; deleting the user
 * deletes the grant). There is no HTTP route to grant it: the server's bootstrap does (its demo
 * admin, or the configured platform admin), so no tenant role can make itself an operator.
 *
 * @example
 * ```ts
 * const operators = createPlatformOperators({ db })
 * await operators.grant(tenantId, userId)
 * await operators.isOperator(tenantId, userId) // true
 * ```
 */
export function createPlatformOperators({ db }: { readonly db: AnyKysely }): PlatformOperators {
  const authDb = db as AuthDb
  return {
    async grant(tenantId, userId, trx = db) {
      if (!UUID.test(tenantId) || !UUID.test(userId)) return false
      const result = await sql`
        insert into platform_operators (user_id)
        select id from users where id = ${userId} and tenant_id = ${tenantId}
        on conflict (user_id) do nothing`.execute(trx)
      if (Number(result.numAffectedRows ?? 0) > 0) return true
      // Nothing inserted: granted before, or no such user in this tenant.
      const existing = await (trx as AuthDb)
        .selectFrom('platform_operators')
        .innerJoin('users', 'users.id', 'platform_operators.user_id')
        .select('users.id')
        .where('platform_operators.user_id', '=', userId)
        .where('users.tenant_id', '=', tenantId)
        .executeTakeFirst()
      return existing !== undefined
    },
    async revoke(userId, trx = db) {
      if (!UUID.test(userId)) return false
      const result = await (trx as AuthDb)
        .deleteFrom('platform_operators')
        .where('user_id', '=', userId)
        .executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },
    async isOperator(tenantId, userId) {
      if (!UUID.test(tenantId) || !UUID.test(userId)) return false
      const row = await authDb
        .selectFrom('platform_operators')
        .innerJoin('users', 'users.id', 'platform_operators.user_id')
        .select('users.id')
        .where('platform_operators.user_id', '=', userId)
        .where('users.tenant_id', '=', tenantId)
        .where('users.status', '=', 'active')
        .executeTakeFirst()
      return row !== undefined
    },
  }
}
