import { refreshTokenReused } from '../auth-events'
import type { AuthDb } from '../auth-tables'
import { generateOpaqueToken, hashOpaqueToken } from '../opaque-token'
import { toSession, type Session } from '../session'
import { revokeUserSessions } from './revoke-sessions'
import type { EventBuffer } from './transact'

/** What one refresh needs. */
export interface RotateRequest {
  readonly tenantId: string
  readonly refreshToken: string
  readonly ip: string | null
  readonly userAgent: string | null
  readonly now: Date
  readonly ttlMs: number
  readonly newId: () => string
}

/** Outcome of a rotation inside the transaction. */
export type RotateOutcome =
  | { ok: true; session: Session; refreshToken: string; role: string }
  | { ok: false; reason: 'INVALID_TOKEN' | 'EXPIRED' | 'USER_INACTIVE' | 'TOKEN_REUSED' }

/**
 * Rotates a refresh token: the presented row is revoked as `rotated` and a successor with a new
 * token joins the same family. A token whose row was already rotated is a stolen or replayed
 * token: the whole family is revoked and `auth.refresh_token_reused` is buffered.
 */
export async function rotateRefresh(
  trx: AuthDb,
  events: EventBuffer,
  request: RotateRequest,
): Promise<RotateOutcome> {
  const { tenantId, now } = request
  const row = await trx
    .selectFrom('sessions')
    .selectAll()
    .where('refresh_token_hash', '=', hashOpaqueToken(request.refreshToken))
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst()
  if (row === undefined) return { ok: false, reason: 'INVALID_TOKEN' }
  const family = { tenantId, userId: row.user_id, familyId: row.family_id, now }
  if (row.revoked_at !== null) {
    if (row.revoked_reason !== 'rotated') return { ok: false, reason: 'INVALID_TOKEN' }
    await revokeUserSessions(trx, events, { ...family, reason: 'refresh_token_reused' })
    events.add(refreshTokenReused, {
      userId: row.user_id,
      familyId: row.family_id,
      sessionId: row.id,
    })
    return { ok: false, reason: 'TOKEN_REUSED' }
  }
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'EXPIRED' }
  const user = await trx
    .selectFrom('users')
    .select(['status', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', row.user_id)
    .executeTakeFirst()
  if (user?.status !== 'active') {
    await revokeUserSessions(trx, events, { ...family, reason: 'user_inactive' })
    return { ok: false, reason: 'USER_INACTIVE' }
  }
  await trx
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: 'rotated', last_used_at: now })
    .where('id', '=', row.id)
    .execute()
  const refreshToken = generateOpaqueToken()
  const next = await trx
    .insertInto('sessions')
    .values({
      id: request.newId(),
      tenant_id: tenantId,
      user_id: row.user_id,
      family_id: row.family_id,
      refresh_token_hash: hashOpaqueToken(refreshToken),
      expires_at: new Date(now.getTime() + request.ttlMs),
      revoked_at: null,
      revoked_reason: null,
      ip: request.ip ?? row.ip,
      user_agent: request.userAgent ?? row.user_agent,
      created_at: now,
      last_used_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { ok: true, session: toSession(next), refreshToken, role: user.role }
}
