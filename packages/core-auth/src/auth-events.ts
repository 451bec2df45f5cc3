import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition, EventType } from '@rustok/core-events'
import * as v from 'valibot'

/** Why a login was refused, as recorded in `auth.login_failed`. */
export type LoginFailureReason = 'INVALID_CREDENTIALS' | 'USER_INACTIVE' | 'THROTTLED'

/** Payload of `auth.login_failed`. */
export interface LoginFailedPayload {
  /** The lowercased e-mail that was tried (it may belong to no account). */
  readonly email: string
  /** The account, when the e-mail matched one. */
  readonly userId: string | null
  readonly reason: LoginFailureReason
  /** Client address as given by the caller, at most 64 characters. */
  readonly ip: string | null
}

/** Payload of `auth.refresh_token_reused`. */
export interface RefreshTokenReusedPayload {
  readonly userId: string
  /** The session family that was revoked as a whole. */
  readonly familyId: string
  /** The already-rotated session row whose token came back. */
  readonly sessionId: string
}

/** Payload of `auth.role_changed`. */
export interface RoleChangedPayload {
  readonly userId: string
  readonly from: string
  readonly to: string
}

/** How a password was changed: by its owner, or with a reset token. */
export type PasswordChangeMethod = 'change' | 'reset'

/** Payload of `auth.password_changed`. */
export interface PasswordChangedPayload {
  readonly userId: string
  readonly method: PasswordChangeMethod
}

/** Payload of `auth.session_revoked`. */
export interface SessionRevokedPayload {
  readonly userId: string
  /** The family revoked (every row of one login). */
  readonly familyId: string
  /** Free-form reason: `logout`, `revoked`, `password_changed`, `password_reset`, `user_disabled` … */
  readonly reason: string
}

/** Payload of `auth.email_verified`. */
export interface EmailVerifiedPayload {
  readonly userId: string
  readonly email: string
}

/** Payload of `auth.password_reset_requested`. */
export interface PasswordResetRequestedPayload {
  readonly userId: string
}

/** Payload of `auth.invite_issued`. */
export interface InviteIssuedPayload {
  /** The lowercased e-mail invited; no account exists for it yet. */
  readonly email: string
  /** The role the account will get when the invite is accepted. */
  readonly role: string
}

const roleName = (): v.GenericSchema<string> =>
  v.pipe(v.string('must be a string'), v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a role name'))

/** Someone failed to log in (A7). Aggregate: `login` / e-mail, as the account may not exist. */
export const loginFailed: EventDefinition<'auth.login_failed', LoginFailedPayload> = defineEvent({
  type: 'auth.login_failed',
  version: 1,
  description: 'A login attempt was refused.',
  aggregateType: 'login',
  schema: v.object({
    email: nonEmptyText(255),
    userId: v.nullable(nonNilUuid()),
    reason: v.picklist(['INVALID_CREDENTIALS', 'USER_INACTIVE', 'THROTTLED']),
    ip: v.nullable(nonEmptyText(256)),
  }),
  aggregateId: (payload) => payload.email,
})

/** An already-rotated refresh token was presented; its whole family was revoked (A6, A7). */
export const refreshTokenReused: EventDefinition<
  'auth.refresh_token_reused',
  RefreshTokenReusedPayload
> = defineEvent({
  type: 'auth.refresh_token_reused',
  version: 1,
  description: 'A rotated refresh token was reused; its session family was revoked.',
  aggregateType: 'user',
  schema: v.object({ userId: nonNilUuid(), familyId: nonNilUuid(), sessionId: nonNilUuid() }),
  aggregateId: (payload) => payload.userId,
})

/** A user's role changed (A7). Aggregate: `user` / `userId`. */
export const roleChanged: EventDefinition<'auth.role_changed', RoleChangedPayload> = defineEvent({
  type: 'auth.role_changed',
  version: 1,
  description: "A user's role changed.",
  aggregateType: 'user',
  schema: v.object({ userId: nonNilUuid(), from: roleName(), to: roleName() }),
  aggregateId: (payload) => payload.userId,
})

/** A user's password was changed or reset (A7). Aggregate: `user` / `userId`. */
export const passwordChanged: EventDefinition<'auth.password_changed', PasswordChangedPayload> =
  defineEvent({
    type: 'auth.password_changed',
    version: 1,
    description: "A user's password was changed or reset.",
    aggregateType: 'user',
    schema: v.object({ userId: nonNilUuid(), method: v.picklist(['change', 'reset']) }),
    aggregateId: (payload) => payload.userId,
  })

/** A session family was revoked (A7). Aggregate: `user` / `userId`. */
export const sessionRevoked: EventDefinition<'auth.session_revoked', SessionRevokedPayload> =
  defineEvent({
    type: 'auth.session_revoked',
    version: 1,
    description: 'A session (every rotation of one login) was revoked.',
    aggregateType: 'user',
    schema: v.object({ userId: nonNilUuid(), familyId: nonNilUuid(), reason: nonEmptyText(64) }),
    aggregateId: (payload) => payload.userId,
  })

/** A user proved they own their e-mail address. Aggregate: `user` / `userId`. */
export const emailVerified: EventDefinition<'auth.email_verified', EmailVerifiedPayload> =
  defineEvent({
    type: 'auth.email_verified',
    version: 1,
    description: "A user's e-mail address was verified.",
    aggregateType: 'user',
    schema: v.object({ userId: nonNilUuid(), email: nonEmptyText(255) }),
    aggregateId: (payload) => payload.userId,
  })

/** A password-reset token was issued for an existing account. Aggregate: `user` / `userId`. */
export const passwordResetRequested: EventDefinition<
  'auth.password_reset_requested',
  PasswordResetRequestedPayload
> = defineEvent({
  type: 'auth.password_reset_requested',
  version: 1,
  description: 'A password reset was requested for an existing account and a token was issued.',
  aggregateType: 'user',
  schema: v.object({ userId: nonNilUuid() }),
  aggregateId: (payload) => payload.userId,
})

/** Someone was invited to the tenant with a role. Aggregate: `invite` / e-mail (no user yet). */
export const inviteIssued: EventDefinition<'auth.invite_issued', InviteIssuedPayload> = defineEvent(
  {
    type: 'auth.invite_issued',
    version: 1,
    description: 'An invite carrying a role was issued to an e-mail address.',
    aggregateType: 'invite',
    schema: v.object({ email: nonEmptyText(255), role: roleName() }),
    aggregateId: (payload) => payload.email,
  },
)

/** Any one of the auth audit event definitions. */
export type AuthEventDefinition =
  | typeof loginFailed
  | typeof refreshTokenReused
  | typeof roleChanged
  | typeof passwordChanged
  | typeof sessionRevoked
  | typeof emailVerified
  | typeof passwordResetRequested
  | typeof inviteIssued

/** The dotted type names of the auth audit events. */
export type AuthEventType = EventType<AuthEventDefinition>

/**
 * The audit and security events of `@rustok/core-auth` (A7), to compose into the application
 * catalogue with `createEventCatalog(userEvents, authEvents, …)`. The `user.*` events it also
 * writes are in `userEvents`.
 */
export const authEvents: readonly AuthEventDefinition[] = [
  loginFailed,
  refreshTokenReused,
  roleChanged,
  passwordChanged,
  sessionRevoked,
  emailVerified,
  passwordResetRequested,
  inviteIssued,
]
