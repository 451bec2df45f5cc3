import type { ColumnType, Generated, Kysely } from 'kysely'

/** A `timestamptz` column: read as a `Date`, written as a `Date` or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>

/** Account state. Only `active` users may log in or keep a session. */
export type UserStatus = 'active' | 'inactive' | 'banned'

/** What a single-use token in `auth_tokens` is for. */
export type AuthTokenPurpose = 'password_reset' | 'email_verification' | 'invite'

/** `users`: one account per (tenant, lowercased e-mail). */
export interface UsersTable {
  id: string
  tenant_id: string
  /** Always stored lowercased (a check constraint enforces it). */
  email: string
  name: string | null
  /** argon2id PHC string. */
  password_hash: string
  /** A built-in role (`customer`, `manager`, `admin`, `super_admin`) or a tenant's custom role. */
  role: string
  status: UserStatus
  email_verified_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
  last_login_at: Timestamp | null
}

/**
 * `sessions`: one row per refresh token. A refresh revokes the row (`revoked_reason = 'rotated'`)
 * and inserts its successor in the same `family_id`, so a rotated token is still recognised when it
 * comes back (reuse detection).
 */
export interface SessionsTable {
  id: string
  tenant_id: string
  user_id: string
  /** The login this row descends from; shared by every rotation of it. */
  family_id: string
  /** SHA-256 hex of the opaque refresh token; the token itself is never stored. */
  refresh_token_hash: string
  expires_at: Timestamp
  revoked_at: Timestamp | null
  revoked_reason: string | null
  ip: string | null
  user_agent: string | null
  created_at: Timestamp
  last_used_at: Timestamp | null
}

/** `auth_tokens`: single-use purpose tokens (password reset, e-mail verification, invites). */
export interface AuthTokensTable {
  id: string
  tenant_id: string
  purpose: AuthTokenPurpose
  /** SHA-256 hex of the opaque token. */
  token_hash: string
  email: string
  user_id: string | null
  /** The role an invite grants; `null` for other purposes. */
  role: string | null
  expires_at: Timestamp
  used_at: Timestamp | null
  created_at: Timestamp
}

/** `login_throttle`: failed-login counters per key (account or IP), one fixed window each. */
export interface LoginThrottleTable {
  key: string
  window_start: Timestamp
  count: number
}

/** `custom_roles`: a tenant's own roles on top of the built-in ones. */
export interface CustomRolesTable {
  tenant_id: string
  name: string
  /** The role whose permissions this one starts from, if any. */
  inherits: string | null
  /** `"resource:action"` strings granted on top of the inherited ones. */
  grants: ColumnType<readonly string[], string, string>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** `platform_operators`: the users who operate the platform, apart from tenant roles (ADR 0020). */
export interface PlatformOperatorsTable {
  user_id: string
  granted_at: Generated<Date>
}

/** The tables of `@rustok/core-auth`, to intersect with an application's own `DB` type. */
export interface AuthTables {
  users: UsersTable
  sessions: SessionsTable
  auth_tokens: AuthTokensTable
  login_throttle: LoginThrottleTable
  custom_roles: CustomRolesTable
  platform_operators: PlatformOperatorsTable
}

/** A Kysely instance or transaction typed with exactly {@link AuthTables} (used inside the package). */
export type AuthDb = Kysely<AuthTables>

export type { AnyKysely } from '@rustok/core-db'
