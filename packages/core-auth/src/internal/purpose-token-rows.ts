import type { AuthDb, AuthTokenPurpose } from '../auth-tables'
import { generateOpaqueToken, hashOpaqueToken } from '../opaque-token'

/** A token to store; only its hash is written. */
export interface NewPurposeToken {
  readonly id: string
  readonly tenantId: string
  readonly purpose: AuthTokenPurpose
  readonly email: string
  readonly userId: string | null
  readonly role: string | null
  readonly now: Date
  readonly ttlMs: number
}

/**
 * Stores a new single-use token and retires the still-open ones of the same purpose for the same
 * e-mail, so only the newest link works. Returns the token, shown once.
 */
export async function storePurposeToken(
  trx: AuthDb,
  token: NewPurposeToken,
): Promise<{ token: string; expiresAt: Date }> {
  await trx
    .updateTable('auth_tokens')
    .set({ used_at: token.now })
    .where('tenant_id', '=', token.tenantId)
    .where('purpose', '=', token.purpose)
    .where('email', '=', token.email)
    .where('used_at', 'is', null)
    .execute()
  const plain = generateOpaqueToken()
  const expiresAt = new Date(token.now.getTime() + token.ttlMs)
  await trx
    .insertInto('auth_tokens')
    .values({
      id: token.id,
      tenant_id: token.tenantId,
      purpose: token.purpose,
      token_hash: hashOpaqueToken(plain),
      email: token.email,
      user_id: token.userId,
      role: token.role,
      expires_at: expiresAt,
      used_at: null,
      created_at: token.now,
    })
    .execute()
  return { token: plain, expiresAt }
}

/** The stored facts of a consumed token. */
export interface ConsumedToken {
  readonly email: string
  readonly userId: string | null
  readonly role: string | null
}

/**
 * Marks the token used if it exists for this tenant and purpose, is unused and unexpired — one
 * conditional update, so two concurrent uses cannot both succeed. `undefined` otherwise.
 */
export async function consumePurposeToken(
  trx: AuthDb,
  purpose: AuthTokenPurpose,
  claim: { readonly tenantId: string; readonly token: string; readonly now: Date },
): Promise<ConsumedToken | undefined> {
  return trx
    .updateTable('auth_tokens')
    .set({ used_at: claim.now })
    .where('token_hash', '=', hashOpaqueToken(claim.token))
    .where('tenant_id', '=', claim.tenantId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', claim.now)
    .returning(['email', 'user_id as userId', 'role'])
    .executeTakeFirst()
}

/**
 * Applies `changes` to the user a consumed token was issued to, provided the user still has the
 * token's e-mail (a changed address voids the token). Returns the user, or `undefined`.
 */
export function updateTokenUser(
  trx: AuthDb,
  token: { readonly tenantId: string; readonly userId: string; readonly email: string },
  changes: {
    readonly updated_at: Date
    readonly password_hash?: string
    readonly email_verified_at?: Date
  },
): Promise<{ id: string; email: string } | undefined> {
  return trx
    .updateTable('users')
    .set(changes)
    .where('tenant_id', '=', token.tenantId)
    .where('id', '=', token.userId)
    .where('email', '=', token.email)
    .returning(['id', 'email'])
    .executeTakeFirst()
}
