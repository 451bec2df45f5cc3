import { sessionRevoked } from '../auth-events'
import type { AuthDb } from '../auth-tables'
import type { EventBuffer } from './transact'

/** Which live session families of a user to revoke, and why. */
export interface RevokeUserSessions {
  readonly tenantId: string
  readonly userId: string
  readonly reason: string
  readonly now: Date
  /** Keep this family (the caller's own session). */
  readonly exceptFamilyId?: string | undefined
  /** Revoke only this family. */
  readonly familyId?: string | undefined
}

/**
 * Revokes the live rows of a user's session families in `trx` and buffers one
 * `auth.session_revoked` per family. Returns the revoked family ids.
 */
export async function revokeUserSessions(
  trx: AuthDb,
  events: EventBuffer,
  target: RevokeUserSessions,
): Promise<readonly string[]> {
  let query = trx
    .updateTable('sessions')
    .set({ revoked_at: target.now, revoked_reason: target.reason })
    .where('tenant_id', '=', target.tenantId)
    .where('user_id', '=', target.userId)
    .where('revoked_at', 'is', null)
  if (target.exceptFamilyId !== undefined)
    query = query.where('family_id', '<>', target.exceptFamilyId)
  if (target.familyId !== undefined) query = query.where('family_id', '=', target.familyId)
  const rows = await query.returning('family_id').execute()
  const families = [...new Set(rows.map((row) => row.family_id))].sort()
  for (const familyId of families) {
    events.add(sessionRevoked, { userId: target.userId, familyId, reason: target.reason })
  }
  return families
}
