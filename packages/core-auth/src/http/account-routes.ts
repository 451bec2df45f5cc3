import {
  requestEventContext,
  problemResponse,
  AUTHENTICATED,
  defineRoute,
  PUBLIC,
  type Route,
} from '@rustok/http'
import type { AuthRouteDeps } from './auth-services'
import { SignedInSchema, toTokensDto, toUserDto, UserSchema } from './auth-dtos'
import { clientOf, fieldProblem, weakPasswordProblem } from './auth-request'
import {
  ChangePasswordBody,
  EmailBody,
  InviteAcceptBody,
  ResetConfirmBody,
  TokenBody,
} from './auth-schemas'

const TAGS = ['auth']
const BAD_TOKEN = 'This link is invalid, used or expired. Ask for a new one.'

/** The caller's own account: profile, password, recovery, e-mail proof and invites. */
export function accountRoutes(services: AuthRouteDeps): Route[] {
  const { users, sessions, purposeTokens, mailer, logger, config } = services

  const me = defineRoute({
    method: 'get',
    path: '/api/auth/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    tags: TAGS,
    access: AUTHENTICATED,
    responses: { 200: { description: 'The caller', schema: UserSchema } },
    handler: async (c) => {
      const user = await users.get(c.var.tenantId, c.var.userId)
      if (!user) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
      return c.json(toUserDto(user))
    },
  })

  const changePassword = defineRoute({
    method: 'post',
    path: '/api/auth/change-password',
    operationId: 'changePassword',
    summary: "Change the caller's password and revoke their other sessions",
    description:
      'A wrong current password is a 400 with a field error on `body.currentPassword`, not a ' +
      '401: the caller is signed in, and clients treat 401 as "sign in again".',
    tags: TAGS,
    access: AUTHENTICATED,
    request: { body: ChangePasswordBody },
    responses: { 204: { description: 'Changed' } },
    handler: async (c, { body }) => {
      const { tenantId, userId, sessionId } = c.var.principal
      const result = await sessions.changePassword(
        { tenantId, userId, ...body, keepSessionId: sessionId },
        requestEventContext(c),
      )
      if (result.ok) return c.body(null, 204)
      if (result.reason === 'WEAK_PASSWORD')
        return weakPasswordProblem(c, result, 'body.newPassword')
      return fieldProblem(c, 'body.currentPassword', 'Does not match the current password')
    },
  })

  const requestReset = defineRoute({
    method: 'post',
    path: '/api/auth/password-reset/request',
    operationId: 'requestPasswordReset',
    summary: 'Mail a password-reset link',
    description: 'Always 202, whether or not an account has this e-mail.',
    tags: TAGS,
    access: PUBLIC,
    request: { body: EmailBody },
    responses: { 202: { description: 'A link was mailed if the account exists' } },
    handler: async (c, { body }) => {
      const tenantId = c.var.tenantId
      const issued = await purposeTokens.requestPasswordReset(
        { tenantId, email: body.email },
        requestEventContext(c),
      )
      if (issued.ok) {
        const mail = { tenantId, to: body.email, purpose: 'password-reset' as const, ...issued }
        // A failed mail must not answer differently, or the answer would reveal the account.
        await mailer.send(mail).catch((error: unknown) => {
          logger.error({ err: error, tenantId, purpose: mail.purpose }, 'reset mail not sent')
        })
      }
      return c.body(null, 202)
    },
  })

  const confirmReset = defineRoute({
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with a reset token; every session is revoked',
    tags: TAGS,
    access: PUBLIC,
    request: { body: ResetConfirmBody },
    responses: { 204: { description: 'Password set' } },
    handler: async (c, { body }) => {
      const result = await purposeTokens.resetPassword(
        { tenantId: c.var.tenantId, token: body.token, newPassword: body.password },
        requestEventContext(c),
      )
      if (result.ok) return c.body(null, 204)
      if (result.reason === 'WEAK_PASSWORD') return weakPasswordProblem(c, result, 'body.password')
      return fieldProblem(c, 'body.token', BAD_TOKEN)
    },
  })

  const requestVerification = defineRoute({
    method: 'post',
    path: '/api/auth/email-verification/request',
    operationId: 'requestEmailVerification',
    summary: "Mail a link proving the caller's e-mail address",
    description: 'An already verified address is a 409.',
    tags: TAGS,
    access: AUTHENTICATED,
    responses: { 202: { description: 'A link was mailed' } },
    handler: async (c) => {
      const user = await users.get(c.var.tenantId, c.var.userId)
      if (!user) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
      if (user.emailVerifiedAt !== null) {
        return problemResponse(c, { code: 'CONFLICT', detail: 'The e-mail is already verified.' })
      }
      const issued = await purposeTokens.requestEmailVerification({
        tenantId: user.tenantId,
        userId: user.id,
      })
      if (!issued.ok) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
      await mailer.send({
        tenantId: user.tenantId,
        to: user.email,
        purpose: 'email-verification',
        token: issued.token,
        expiresAt: issued.expiresAt,
      })
      return c.body(null, 202)
    },
  })

  const confirmVerification = defineRoute({
    method: 'post',
    path: '/api/auth/email-verification/confirm',
    operationId: 'confirmEmailVerification',
    summary: 'Mark an e-mail address verified with the mailed token',
    tags: TAGS,
    access: PUBLIC,
    request: { body: TokenBody },
    responses: { 204: { description: 'Verified' } },
    handler: async (c, { body }) => {
      const result = await purposeTokens.verifyEmail({ tenantId: c.var.tenantId, ...body })
      return result.ok ? c.body(null, 204) : fieldProblem(c, 'body.token', BAD_TOKEN)
    },
  })

  const acceptInvite = defineRoute({
    method: 'post',
    path: '/api/auth/invite/accept',
    operationId: 'acceptInvite',
    summary: 'Create the invited account and sign in',
    tags: TAGS,
    access: PUBLIC,
    idempotent: false,
    noStore: true,
    request: { body: InviteAcceptBody },
    responses: { 201: { description: 'The new account, signed in', schema: SignedInSchema } },
    handler: async (c, { body }) => {
      const tenantId = c.var.tenantId
      const accepted = await purposeTokens.acceptInvite({ tenantId, ...body })
      if (!accepted.ok) {
        if (accepted.reason === 'WEAK_PASSWORD')
          return weakPasswordProblem(c, accepted, 'body.password')
        if (accepted.reason === 'CONFLICT') {
          return problemResponse(c, {
            code: 'CONFLICT',
            detail: 'An account with the invited e-mail already exists.',
          })
        }
        return fieldProblem(c, 'body.token', BAD_TOKEN)
      }
      const opened = await sessions.openSession({
        tenantId,
        userId: accepted.user.id,
        ...clientOf(c, config),
      })
      if (!opened.ok) throw new Error(`Invited account could not sign in: ${opened.reason}`)
      const tokens = toTokensDto(opened, config.accessTtlSeconds)
      return c.json({ user: toUserDto(opened.user), ...tokens }, 201)
    },
  })

  return [
    me,
    changePassword,
    requestReset,
    confirmReset,
    requestVerification,
    confirmVerification,
    acceptInvite,
  ]
}
