import type { Selectable } from 'kysely'
import type { SessionsTable } from './auth-tables'

/** One live login of a user (the newest row of a session family). */
export interface Session {
  /** Changes on every refresh; access tokens carry it, so a refresh retires the old one. */
  readonly id: string
  readonly tenantId: string
  readonly userId: string
  /** Stays the same for every rotation of one login: the id to show and revoke in a UI. */
  readonly familyId: string
  readonly expiresAt: Date
  readonly createdAt: Date
  readonly lastUsedAt: Date | null
  readonly ip: string | null
  readonly userAgent: string | null
}

/** Maps a `sessions` row to a {@link Session}, dropping the refresh-token hash. */
export function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    familyId: row.family_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    ip: row.ip,
    userAgent: row.user_agent,
  }
}
