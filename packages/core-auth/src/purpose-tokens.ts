import * as v from 'valibot'
import { emailVerified, inviteIssued, passwordChanged, passwordResetRequested } from './auth-events'
import type { AnyKysely, AuthDb } from './auth-tables'
import { CoreAuthError } from './core-auth-error'
import type { AuthEventContext, EventWriter } from './event-writer'
import { insertUser } from './internal/insert-user'
import {
  EmailSchema,
  IdSchema,
  NameSchema,
  parseInput,
  PasswordInputSchema,
  RoleNameSchema,
} from './internal/parse-input'
import {
  consumePurposeToken,
  storePurposeToken,
  updateTokenUser,
} from './internal/purpose-token-rows'
import { revokeUserSessions } from './internal/revoke-sessions'
import { roleExists } from './internal/role-exists'
import { transact } from './internal/transact'
import { createLoginThrottle, type LoginThrottle } from './login-throttle'
import type { PasswordHasher } from './password-hasher'
import type { User } from './user'
import { weakPassword, type WeakPassword } from './weak-password'

/** A freshly issued token: send it to the user once; only its hash is stored. */
export interface IssuedPurposeToken {
  readonly ok: true
  readonly token: string
  readonly expiresAt: Date
}

/** The outcome of using a token that is unknown, of another tenant, used or expired. */
export interface InvalidPurposeToken {
  readonly ok: false
  readonly reason: 'INVALID_TOKEN'
}

/** Outcome of {@link PurposeTokens.acceptInvite}. */
export type AcceptInviteResult =
  | { readonly ok: true; readonly user: User }
  | InvalidPurposeToken
  | { readonly ok: false; readonly reason: 'CONFLICT' }
  | WeakPassword

/** Single-use tokens for password reset, e-mail verification and invites (A6). */
export interface PurposeTokens {
  /**
   * Issues a reset token (default 15 minutes) for the account with this e-mail. Answer the client
   * the same way whether or not it is `NOT_FOUND`, so accounts cannot be discovered.
   */
  requestPasswordReset(
    input: { readonly tenantId: string; readonly email: string },
    context?: AuthEventContext,
  ): Promise<
    | (IssuedPurposeToken & { readonly userId: string })
    | { readonly ok: false; readonly reason: 'NOT_FOUND' }
  >
  /** Uses a reset token: sets the password and revokes every session of the user. */
  resetPassword(
    input: { readonly tenantId: string; readonly token: string; readonly newPassword: string },
    context?: AuthEventContext,
  ): Promise<{ readonly ok: true; readonly userId: string } | InvalidPurposeToken | WeakPassword>
  /** Issues an e-mail verification token (default 24 hours) for the user's current e-mail. */
  requestEmailVerification(input: {
    readonly tenantId: string
    readonly userId: string
  }): Promise<IssuedPurposeToken | { readonly ok: false; readonly reason: 'NOT_FOUND' }>
  /** Uses a verification token; fails if the user's e-mail changed since it was issued. */
  verifyEmail(input: {
    readonly tenantId: string
    readonly token: string
  }): Promise<{ readonly ok: true; readonly userId: string } | InvalidPurposeToken>
  /** Issues an invite (default 7 days) carrying a role. Throws `INVALID_INPUT` for an unknown role. */
  invite(
    input: { readonly tenantId: string; readonly email: string; readonly role: string },
    context?: AuthEventContext,
  ): Promise<IssuedPurposeToken | { readonly ok: false; readonly reason: 'CONFLICT' }>
  /** Uses an invite: creates the user with the invited role and a verified e-mail. */
  acceptInvite(input: {
    readonly tenantId: string
    readonly token: string
    readonly password: string
    readonly name?: string | undefined
  }): Promise<AcceptInviteResult>
}

/** Dependencies and lifetimes of {@link createPurposeTokens}. */
export interface PurposeTokensOptions {
  /** Any Kysely instance whose schema includes the auth tables. */
  readonly db: AnyKysely
  readonly events: EventWriter
  readonly hasher: Pick<PasswordHasher, 'hash' | 'policy'>
  /** Cleared for the account after a reset. Default: {@link createLoginThrottle} over `db`. */
  readonly throttle?: LoginThrottle
  /** Default 900 (15 minutes). */
  readonly passwordResetTtlSeconds?: number
  /** Default 86 400 (24 hours). */
  readonly emailVerificationTtlSeconds?: number
  /** Default 604 800 (7 days). */
  readonly inviteTtlSeconds?: number
  readonly now?: () => Date
  readonly newId?: () => string
}

const TenantEmail = v.object({ tenantId: IdSchema, email: EmailSchema })
const TokenInput = v.object({ tenantId: IdSchema, token: v.string() })
const invalid: InvalidPurposeToken = { ok: false, reason: 'INVALID_TOKEN' }

/**
 * Creates the purpose-token service. Tokens are 256-bit random strings stored as SHA-256 hashes;
 * each works once, for one tenant and one purpose, until it expires.
 *
 * @example
 * ```ts
 * const tokens = createPurposeTokens({ db, events: outbox, hasher })
 * const issued = await tokens.requestPasswordReset({ tenantId, email })
 * if (issued.ok) await mailer.sendReset(email, issued.token)
 * await tokens.resetPassword({ tenantId, token, newPassword }) // once; sessions revoked
 * ```
 */
export function createPurposeTokens({
  db: anyDb,
  events,
  hasher,
  passwordResetTtlSeconds = 15 * 60,
  emailVerificationTtlSeconds = 24 * 3600,
  inviteTtlSeconds = 7 * 24 * 3600,
  now = () => new Date(),
  // After `now`, so the default throttle runs on the same clock.
  throttle = createLoginThrottle({ db: anyDb, now }),
  newId = () => crypto.randomUUID(),
}: PurposeTokensOptions): PurposeTokens {
  const db = anyDb as AuthDb
  const deps = { db, events, now }
  const store = (trx: AuthDb, token: Omit<Parameters<typeof storePurposeToken>[1], 'id' | 'now'>) =>
    storePurposeToken(trx, { ...token, id: newId(), now: now() })

  return {
    async requestPasswordReset(input, context) {
      const data = parseInput(TenantEmail, input)
      return transact(deps, { tenantId: data.tenantId, context }, async (trx, buffer) => {
        const user = await trx
          .selectFrom('users')
          .select('id')
          .where('tenant_id', '=', data.tenantId)
          .where('email', '=', data.email)
          .executeTakeFirst()
        if (user === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
        const ttlMs = passwordResetTtlSeconds * 1000
        const issued = await store(trx, {
          ...data,
          purpose: 'password_reset',
          userId: user.id,
          role: null,
          ttlMs,
        })
        buffer.add(passwordResetRequested, { userId: user.id })
        return { ok: true, ...issued, userId: user.id } as const
      })
    },

    async resetPassword(input, context) {
      const data = parseInput(
        v.object({ ...TokenInput.entries, newPassword: PasswordInputSchema }),
        input,
      )
      const weak = weakPassword(hasher.policy, data.newPassword)
      if (weak) return weak
      const passwordHash = await hasher.hash(data.newPassword)
      return transact(deps, { tenantId: data.tenantId, context }, async (trx, buffer) => {
        const at = now()
        const claim = { tenantId: data.tenantId, token: data.token, now: at }
        const used = await consumePurposeToken(trx, 'password_reset', claim)
        if (used?.userId == null) return invalid
        const user = await updateTokenUser(
          trx,
          { tenantId: data.tenantId, userId: used.userId, email: used.email },
          { password_hash: passwordHash, updated_at: at },
        )
        if (user === undefined) return invalid
        const target = { tenantId: data.tenantId, userId: user.id, reason: 'password_reset' }
        await revokeUserSessions(trx, buffer, { ...target, now: at })
        await throttle.reset({ tenantId: data.tenantId, email: user.email }, trx)
        buffer.add(passwordChanged, { userId: user.id, method: 'reset' })
        return { ok: true, userId: user.id } as const
      })
    },

    async requestEmailVerification(input) {
      const ref = parseInput(v.object({ tenantId: IdSchema, userId: IdSchema }), input)
      return transact(deps, { tenantId: ref.tenantId }, async (trx) => {
        const user = await trx
          .selectFrom('users')
          .select(['id', 'email'])
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', ref.userId)
          .executeTakeFirst()
        if (user === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
        const ttlMs = emailVerificationTtlSeconds * 1000
        const issued = await store(trx, {
          tenantId: ref.tenantId,
          email: user.email,
          purpose: 'email_verification',
          userId: user.id,
          role: null,
          ttlMs,
        })
        return { ok: true, ...issued } as const
      })
    },

    async verifyEmail(input) {
      const data = parseInput(TokenInput, input)
      return transact(deps, { tenantId: data.tenantId }, async (trx, buffer) => {
        const at = now()
        const claim = { ...data, now: at }
        const used = await consumePurposeToken(trx, 'email_verification', claim)
        if (used?.userId == null) return invalid
        const user = await updateTokenUser(
          trx,
          { tenantId: data.tenantId, userId: used.userId, email: used.email },
          { email_verified_at: at, updated_at: at },
        )
        if (user === undefined) return invalid
        buffer.add(emailVerified, { userId: user.id, email: user.email })
        return { ok: true, userId: user.id } as const
      })
    },

    async invite(input, context) {
      const data = parseInput(v.object({ ...TenantEmail.entries, role: RoleNameSchema }), input)
      return transact(deps, { tenantId: data.tenantId, context }, async (trx, buffer) => {
        if (!(await roleExists(trx, data.tenantId, data.role))) {
          throw new CoreAuthError(
            'INVALID_INPUT',
            `Invalid input: role: unknown role "${data.role}"`,
          )
        }
        const existing = await trx
          .selectFrom('users')
          .select('id')
          .where('tenant_id', '=', data.tenantId)
          .where('email', '=', data.email)
          .executeTakeFirst()
        if (existing) return { ok: false, reason: 'CONFLICT' } as const
        const ttlMs = inviteTtlSeconds * 1000
        const issued = await store(trx, { ...data, purpose: 'invite', userId: null, ttlMs })
        buffer.add(inviteIssued, { email: data.email, role: data.role })
        return { ok: true, ...issued } as const
      })
    },

    async acceptInvite(input) {
      const data = parseInput(
        v.object({
          ...TokenInput.entries,
          password: PasswordInputSchema,
          name: v.optional(NameSchema),
        }),
        input,
      )
      const weak = weakPassword(hasher.policy, data.password)
      if (weak) return weak
      const passwordHash = await hasher.hash(data.password)
      const userId = newId()
      return transact(
        deps,
        { tenantId: data.tenantId, context: { actorId: userId } },
        async (trx, buffer) => {
          const at = now()
          const used = await consumePurposeToken(trx, 'invite', { ...data, now: at })
          if (used?.role == null) return invalid
          const user = await insertUser(trx, buffer, {
            id: userId,
            tenantId: data.tenantId,
            email: used.email,
            name: data.name ?? null,
            passwordHash,
            role: used.role,
            emailVerifiedAt: at,
            now: at,
          })
          // Rolls the consumption back too: the invite stays usable if the e-mail is freed again.
          if (user === undefined) throw conflict
          return { ok: true, user } as const
        },
      ).catch((error: unknown) => {
        if (error === conflict) return { ok: false, reason: 'CONFLICT' } as const
        throw error
      })
    },
  }
}

const conflict = new CoreAuthError('CONFLICT', 'The invited e-mail is already registered')
