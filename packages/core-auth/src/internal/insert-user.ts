import { userRegistered } from '../events/user-events'
import type { AuthDb } from '../auth-tables'
import { toUser, type User } from '../user'
import type { EventBuffer } from './transact'

/** A new user row, already validated, with its password already hashed. */
export interface NewUserRow {
  readonly id: string
  readonly tenantId: string
  readonly email: string
  readonly name: string | null
  readonly passwordHash: string
  readonly role: string
  readonly emailVerifiedAt: Date | null
  readonly now: Date
}

/**
 * Inserts a user and buffers `user.registered`. Returns `undefined` when the tenant already has
 * that e-mail (`on conflict do nothing`, so a concurrent duplicate is also caught).
 */
export async function insertUser(
  trx: AuthDb,
  events: EventBuffer,
  user: NewUserRow,
): Promise<User | undefined> {
  const row = await trx
    .insertInto('users')
    .values({
      id: user.id,
      tenant_id: user.tenantId,
      email: user.email,
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      status: 'active',
      email_verified_at: user.emailVerifiedAt,
      created_at: user.now,
      updated_at: user.now,
      last_login_at: null,
    })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'email']).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (row === undefined) return undefined
  events.add(userRegistered, { userId: row.id, email: row.email })
  return toUser(row)
}
