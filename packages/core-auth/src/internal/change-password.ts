import * as v from 'valibot'
import { passwordChanged } from '../auth-events'
import type { AuthDb } from '../auth-tables'
import type { AuthEventContext } from '../event-writer'
import type { PasswordHasher } from '../password-hasher'
import { weakPassword, type WeakPassword } from '../weak-password'
import { IdSchema, parseInput, PasswordInputSchema } from './parse-input'
import { revokeUserSessions } from './revoke-sessions'
import { transact, type TransactDeps } from './transact'

/** What a password change needs. */
export interface ChangePasswordDeps extends TransactDeps {
  readonly hasher: Pick<PasswordHasher, 'hash' | 'policy' | 'verifyOrDummy'>
}

/** Outcome of a password change. */
export type ChangePasswordOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'INVALID_CREDENTIALS' }
  | WeakPassword

const ChangePasswordSchema = v.object({
  tenantId: IdSchema,
  userId: IdSchema,
  currentPassword: PasswordInputSchema,
  newPassword: PasswordInputSchema,
  keepSessionId: v.optional(IdSchema),
})

/** The family of one of the user's sessions, if it exists. */
export async function findFamily(
  trx: AuthDb,
  ref: { readonly tenantId: string; readonly userId: string },
  sessionId: string | undefined,
): Promise<string | undefined> {
  if (sessionId === undefined) return undefined
  const row = await trx
    .selectFrom('sessions')
    .select('family_id')
    .where('tenant_id', '=', ref.tenantId)
    .where('user_id', '=', ref.userId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row?.family_id
}

/**
 * Checks the current password, stores the new one and revokes every other session family, with
 * `auth.password_changed` and `auth.session_revoked` in the same transaction.
 */
export async function changePassword(
  deps: ChangePasswordDeps,
  input: unknown,
  context: AuthEventContext | undefined,
): Promise<ChangePasswordOutcome> {
  const data = parseInput(ChangePasswordSchema, input)
  const row = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('tenant_id', '=', data.tenantId)
    .where('id', '=', data.userId)
    .executeTakeFirst()
  const matches = await deps.hasher.verifyOrDummy(row?.password_hash, data.currentPassword)
  if (!matches || row === undefined) return { ok: false, reason: 'INVALID_CREDENTIALS' }
  const weak = weakPassword(deps.hasher.policy, data.newPassword)
  if (weak) return weak
  const passwordHash = await deps.hasher.hash(data.newPassword)
  return transact(deps, { tenantId: data.tenantId, context }, async (trx, events) => {
    const at = deps.now()
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('tenant_id', '=', data.tenantId)
      .where('id', '=', row.id)
      .execute()
    const kept = await findFamily(trx, data, data.keepSessionId)
    const target = { ...data, exceptFamilyId: kept, reason: 'password_changed', now: at }
    await revokeUserSessions(trx, events, target)
    events.add(passwordChanged, { userId: row.id, method: 'change' })
    return { ok: true } as const
  })
}
