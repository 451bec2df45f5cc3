import type { Selectable } from 'kysely'
import type { UserStatus, UsersTable } from './auth-tables'

/** A user as the API shows it: never the password hash. */
export interface User {
  readonly id: string
  readonly tenantId: string
  /** Lowercased. */
  readonly email: string
  readonly name: string | null
  /** A built-in role or one of the tenant's custom roles. */
  readonly role: string
  readonly status: UserStatus
  readonly emailVerifiedAt: Date | null
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly lastLoginAt: Date | null
}

/** Maps a `users` row to a {@link User}, dropping the password hash. */
export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    emailVerifiedAt: row.email_verified_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  }
}
