import * as v from 'valibot'
import type { LoginFailureReason } from './auth-events'
import type { AccessTokens } from './access-tokens'
import type { AnyKysely, AuthDb } from './auth-tables'
import type { AuthEventContext, EventWriter } from './event-writer'
import { attemptLogin } from './internal/attempt-login'
import { changePassword, findFamily } from './internal/change-password'
import { clip, IdSchema, parseInput } from './internal/parse-input'
import { revokeUserSessions } from './internal/revoke-sessions'
import { rotateRefresh } from './internal/rotate-refresh'
import { openUserSession } from './internal/start-session'
import { transact } from './internal/transact'
import { createLoginThrottle, type LoginThrottle } from './login-throttle'
import type { PasswordHasher } from './password-hasher'
import { hashOpaqueToken } from './opaque-token'
import { toSession, type Session } from './session'
import type { User } from './user'
import type { WeakPassword } from './weak-password'

/** Input of {@link SessionService.login}. */
export interface LoginInput {
  readonly tenantId: string
  readonly email: string
  readonly password: string
  readonly ip?: string | null | undefined
  readonly userAgent?: string | null | undefined
}

/** A new or refreshed pair of tokens. */
export interface IssuedTokens {
  readonly accessToken: string
  /** Opaque, 256-bit; only its hash is stored. Rotated on every refresh. */
  readonly refreshToken: string
  readonly session: Session
}

/** Outcome of {@link SessionService.login}. */
export type LoginResult =
  | ({ readonly ok: true; readonly user: User } & IssuedTokens)
  | { readonly ok: false; readonly reason: Exclude<LoginFailureReason, 'THROTTLED'> }
  | { readonly ok: false; readonly reason: 'THROTTLED'; readonly retryAfterSeconds: number }

/** Input of {@link SessionService.openSession}. */
export interface OpenSessionInput {
  readonly tenantId: string
  readonly userId: string
  readonly ip?: string | null | undefined
  readonly userAgent?: string | null | undefined
}

/** Outcome of {@link SessionService.openSession}. */
export type OpenSessionResult =
  | ({ readonly ok: true; readonly user: User } & IssuedTokens)
  | { readonly ok: false; readonly reason: 'NOT_FOUND' | 'USER_INACTIVE' }

/** Input of {@link SessionService.refresh} and {@link SessionService.logout}. */
export interface RefreshInput {
  /** The tenant the request resolved to: a token of another tenant is unknown here. */
  readonly tenantId: string
  readonly refreshToken: string
  readonly ip?: string | null | undefined
  readonly userAgent?: string | null | undefined
}

/** Outcome of {@link SessionService.refresh}. */
export type RefreshResult =
  | ({ readonly ok: true } & IssuedTokens)
  | {
      readonly ok: false
      readonly reason: 'INVALID_TOKEN' | 'EXPIRED' | 'USER_INACTIVE' | 'TOKEN_REUSED'
    }

/** Input of {@link SessionService.changePassword}. */
export interface ChangePasswordInput {
  readonly tenantId: string
  readonly userId: string
  readonly currentPassword: string
  readonly newPassword: string
  /** The caller's session: it stays; every other session is revoked. */
  readonly keepSessionId?: string | undefined
}

/** Outcome of {@link SessionService.changePassword}. */
export type ChangePasswordResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'INVALID_CREDENTIALS' }
  | WeakPassword

/** Logins, refresh-token rotation with reuse detection, and session revocation (A6). */
export interface SessionService {
  /** Checks throttle, password (a dummy hash for unknown users) and status; opens a session. */
  login(input: LoginInput): Promise<LoginResult>
  /**
   * Signs in a user the caller has just proven by other means (registration, an accepted
   * invite), without a password check or the throttle. Never feed it a user id from a request.
   */
  openSession(input: OpenSessionInput): Promise<OpenSessionResult>
  /** Rotates the refresh token; a rotated token presented again revokes its whole family. */
  refresh(input: RefreshInput): Promise<RefreshResult>
  /** Revokes the session family of this refresh token. */
  logout(input: RefreshInput): Promise<{ readonly ok: boolean }>
  /** The user's live sessions, newest first. */
  listSessions(tenantId: string, userId: string): Promise<readonly Session[]>
  /** Revokes the session (its whole family); with `userId`, only if it is that user's. */
  revokeSession(
    input: { readonly tenantId: string; readonly sessionId: string; readonly userId?: string },
    context?: AuthEventContext,
  ): Promise<{ readonly ok: boolean }>
  /** Revokes every session of the user except the family of `keepSessionId`; returns how many. */
  revokeOtherSessions(
    input: { readonly tenantId: string; readonly userId: string; readonly keepSessionId: string },
    context?: AuthEventContext,
  ): Promise<number>
  /** Whether the session is live and its user active: pass it to `createAccessTokens`. */
  isSessionActive(sessionId: string, tenantId: string): Promise<boolean>
  /** Changes the password after checking the current one, and revokes every other session. */
  changePassword(
    input: ChangePasswordInput,
    context?: AuthEventContext,
  ): Promise<ChangePasswordResult>
}

/** Dependencies of {@link createSessionService}. */
export interface SessionServiceOptions {
  /** Any Kysely instance whose schema includes the auth tables. */
  readonly db: AnyKysely
  readonly events: EventWriter
  readonly hasher: Pick<
    PasswordHasher,
    'hash' | 'policy' | 'verify' | 'verifyOrDummy' | 'needsRehash'
  >
  /** Only `sign` is used; see the example for wiring `isSessionActive` back into it. */
  readonly accessTokens: Pick<AccessTokens, 'sign'>
  /** Default: {@link createLoginThrottle} over `db` with its default limits. */
  readonly throttle?: LoginThrottle
  /** Refresh-token lifetime, sliding on every refresh. Default 30 days. */
  readonly refreshTtlSeconds?: number
  readonly now?: () => Date
  readonly newId?: () => string
}

const isUuid = (value: string): boolean => v.is(IdSchema, value)

/**
 * Creates the session service. Build the access tokens with `isSessionActive` from the service
 * (a closure, so the two can reference each other).
 *
 * @example
 * ```ts
 * const accessTokens = createAccessTokens({ secret, isSessionActive: (id, t) => sessions.isSessionActive(id, t) })
 * const sessions = createSessionService({ db, events: outbox, hasher, accessTokens })
 * const result = await sessions.login({ tenantId, email, password, ip, userAgent })
 * if (!result.ok) return c.json({ error: result.reason }, result.reason === 'THROTTLED' ? 429 : 401)
 * ```
 */
export function createSessionService({
  db: anyDb,
  events,
  hasher,
  accessTokens,
  refreshTtlSeconds = 30 * 24 * 3600,
  now = () => new Date(),
  // After `now`, so the default throttle runs on the same clock.
  throttle = createLoginThrottle({ db: anyDb, now }),
  newId = () => crypto.randomUUID(),
}: SessionServiceOptions): SessionService {
  const db = anyDb as AuthDb
  const deps = { db, events, now }
  const ttlMs = refreshTtlSeconds * 1000
  const sign = (session: Session, role: string): Promise<string> =>
    accessTokens.sign({
      userId: session.userId,
      tenantId: session.tenantId,
      sessionId: session.id,
      role,
    })

  return {
    async login(input) {
      const outcome = await attemptLogin({ ...deps, hasher, throttle, ttlMs, newId }, input)
      if (!outcome.ok) return outcome
      const accessToken = await sign(outcome.session, outcome.user.role)
      return { ...outcome, accessToken }
    },

    async openSession(input) {
      const outcome = await openUserSession({ ...deps, ttlMs, newId }, input)
      if (!outcome.ok) return outcome
      return { ...outcome, accessToken: await sign(outcome.session, outcome.user.role) }
    },

    async refresh(input) {
      const tenantId = parseInput(IdSchema, input.tenantId)
      const refreshToken = parseInput(v.string(), input.refreshToken)
      const outcome = await transact(deps, { tenantId }, (trx, buffer) =>
        rotateRefresh(trx, buffer, {
          tenantId,
          refreshToken,
          ip: clip(input.ip, 64),
          userAgent: clip(input.userAgent, 512),
          now: now(),
          ttlMs,
          newId,
        }),
      )
      if (!outcome.ok) return outcome
      const accessToken = await sign(outcome.session, outcome.role)
      return { ok: true, accessToken, refreshToken: outcome.refreshToken, session: outcome.session }
    },

    async logout(input) {
      const tenantId = parseInput(IdSchema, input.tenantId)
      return transact(deps, { tenantId }, async (trx, buffer) => {
        const row = await trx
          .selectFrom('sessions')
          .select(['user_id', 'family_id'])
          .where('tenant_id', '=', tenantId)
          .where('refresh_token_hash', '=', hashOpaqueToken(String(input.refreshToken)))
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
        if (row === undefined) return { ok: false }
        const target = { tenantId, userId: row.user_id, familyId: row.family_id }
        await revokeUserSessions(trx, buffer, { ...target, reason: 'logout', now: now() })
        return { ok: true }
      })
    },

    async listSessions(tenantId, userId) {
      if (!isUuid(tenantId) || !isUuid(userId)) return []
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now())
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
      return rows.map(toSession)
    },

    async revokeSession(input, context) {
      const tenantId = parseInput(IdSchema, input.tenantId)
      if (!isUuid(input.sessionId)) return { ok: false }
      return transact(deps, { tenantId, context }, async (trx, buffer) => {
        let query = trx
          .selectFrom('sessions')
          .select(['user_id', 'family_id'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', input.sessionId)
        if (input.userId !== undefined) query = query.where('user_id', '=', input.userId)
        const row = await query.executeTakeFirst()
        if (row === undefined) return { ok: false }
        const target = { tenantId, userId: row.user_id, familyId: row.family_id, now: now() }
        const revoked = await revokeUserSessions(trx, buffer, { ...target, reason: 'revoked' })
        return { ok: revoked.length > 0 }
      })
    },

    async revokeOtherSessions(input, context) {
      const ref = parseInput(v.object({ tenantId: IdSchema, userId: IdSchema }), input)
      const keep = isUuid(input.keepSessionId) ? input.keepSessionId : undefined
      return transact(deps, { tenantId: ref.tenantId, context }, async (trx, buffer) => {
        const kept = await findFamily(trx, ref, keep)
        const target = { ...ref, exceptFamilyId: kept, reason: 'revoked_by_user', now: now() }
        return (await revokeUserSessions(trx, buffer, target)).length
      })
    },

    async isSessionActive(sessionId, tenantId) {
      if (!isUuid(sessionId) || !isUuid(tenantId)) return false
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', (join) =>
          join
            .onRef('users.id', '=', 'sessions.user_id')
            .onRef('users.tenant_id', '=', 'sessions.tenant_id'),
        )
        .select('sessions.id')
        .where('sessions.id', '=', sessionId)
        .where('sessions.tenant_id', '=', tenantId)
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', now())
        .where('users.status', '=', 'active')
        .executeTakeFirst()
      return row !== undefined
    },

    changePassword(input, context) {
      return changePassword({ ...deps, hasher }, input, context)
    },
  }
}
