import {
  requestEventContext,
  problemResponse,
  AUTHENTICATED,
  defineRoute,
  PUBLIC,
  type Route,
} from '@rustok/http'
import { AUTH_ERRORS } from './auth-errors'
import type { AuthRouteDeps } from './auth-services'
import {
  RevokedSchema,
  SessionListSchema,
  SignedInSchema,
  toSessionDto,
  toTokensDto,
  TokensSchema,
  toUserDto,
} from './auth-dtos'
import { clientOf, weakPasswordProblem } from './auth-request'
import { IdParams, LoginBody, RefreshTokenBody, RegisterBody } from './auth-schemas'

const TAGS = ['auth']

/**
 * Registration, sign-in, token refresh, sign-out and the caller's own sessions.
 *
 * Routes that answer with tokens opt out of `Idempotency-Key`: a replay store would keep live
 * refresh tokens in clear text, which the sessions table never does (it keeps hashes only). They
 * are `noStore` too: `Cache-Control: no-store`, so no cache or history keeps the tokens.
 */
export function sessionRoutes(services: AuthRouteDeps): Route[] {
  const { users, sessions, config } = services
  const expiresIn = config.accessTtlSeconds

  const register = defineRoute({
    method: 'post',
    path: '/api/auth/register',
    operationId: 'register',
    summary: 'Create a customer account and sign in',
    tags: TAGS,
    access: PUBLIC,
    idempotent: false,
    noStore: true,
    request: { body: RegisterBody },
    responses: { 201: { description: 'The new account, signed in', schema: SignedInSchema } },
    handler: async (c, { body }) => {
      const tenantId = c.var.tenantId
      const created = await users.register({ tenantId, ...body }, requestEventContext(c))
      if (!created.ok) {
        if (created.reason === 'WEAK_PASSWORD')
          return weakPasswordProblem(c, created, 'body.password')
        return problemResponse(c, {
          code: 'CONFLICT',
          detail: 'An account with this e-mail already exists.',
        })
      }
      const opened = await sessions.openSession({
        tenantId,
        userId: created.user.id,
        ...clientOf(c, config),
      })
      if (!opened.ok) throw new Error(`New account could not sign in: ${opened.reason}`)
      return c.json({ user: toUserDto(opened.user), ...toTokensDto(opened, expiresIn) }, 201)
    },
  })

  const login = defineRoute({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    summary: 'Sign in with e-mail and password',
    description:
      'A wrong password and an unknown e-mail get the same 401. Repeated failures per account and ' +
      'per address are throttled: 429 with `Retry-After`. A disabled account gets 403, only after ' +
      'the right password.',
    tags: TAGS,
    access: PUBLIC,
    idempotent: false,
    noStore: true,
    request: { body: LoginBody },
    responses: {
      200: { description: 'Signed in', schema: SignedInSchema },
      401: { description: 'UNAUTHORIZED: wrong e-mail or password (the same for both).' },
      403: { description: 'FORBIDDEN: the account is disabled (only after the right password).' },
    },
    handler: async (c, { body }) => {
      const result = await sessions.login({
        tenantId: c.var.tenantId,
        ...body,
        ...clientOf(c, config),
      })
      if (result.ok)
        return c.json({ user: toUserDto(result.user), ...toTokensDto(result, expiresIn) })
      if (result.reason === 'THROTTLED') {
        return problemResponse(
          c,
          { code: 'RATE_LIMITED', detail: 'Too many failed sign-ins. Try again later.' },
          { 'Retry-After': String(result.retryAfterSeconds) },
        )
      }
      if (result.reason === 'USER_INACTIVE') {
        return problemResponse(c, { code: 'FORBIDDEN', detail: 'This account is disabled.' })
      }
      return problemResponse(c, { code: 'UNAUTHORIZED', detail: 'Wrong e-mail or password.' })
    },
  })

  const refresh = defineRoute({
    method: 'post',
    path: '/api/auth/refresh',
    operationId: 'refreshTokens',
    summary: 'Exchange a refresh token for new tokens',
    description:
      'The refresh token is rotated. Presenting an already-rotated token again is treated as ' +
      'theft: the whole session is revoked and the answer is 401 `TOKEN_REUSED`.',
    tags: TAGS,
    access: PUBLIC,
    idempotent: false,
    noStore: true,
    request: { body: RefreshTokenBody },
    responses: {
      200: { description: 'New tokens', schema: TokensSchema },
      401: {
        description:
          'UNAUTHORIZED: the refresh token is not valid; TOKEN_REUSED: it was already used, and ' +
          'the session is revoked.',
      },
    },
    handler: async (c, { body }) => {
      const result = await sessions.refresh({
        tenantId: c.var.tenantId,
        refreshToken: body.refreshToken,
        ...clientOf(c, config),
      })
      if (result.ok) return c.json(toTokensDto(result, expiresIn))
      if (result.reason === 'TOKEN_REUSED') {
        return problemResponse(c, {
          ...AUTH_ERRORS.TOKEN_REUSED,
          detail: 'This refresh token was already used; the session has been revoked.',
        })
      }
      return problemResponse(c, {
        code: 'UNAUTHORIZED',
        detail: 'The refresh token is not valid. Sign in again.',
      })
    },
  })

  const logout = defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    summary: 'Sign out: revoke the session of a refresh token',
    description: 'Answers 204 whether or not the token was still live.',
    tags: TAGS,
    access: PUBLIC,
    request: { body: RefreshTokenBody },
    responses: { 204: { description: 'Signed out' } },
    handler: async (c, { body }) => {
      await sessions.logout({ tenantId: c.var.tenantId, refreshToken: body.refreshToken })
      return c.body(null, 204)
    },
  })

  const listMine = defineRoute({
    method: 'get',
    path: '/api/auth/sessions',
    operationId: 'listMySessions',
    summary: "The caller's live sessions, newest first",
    tags: TAGS,
    access: AUTHENTICATED,
    responses: { 200: { description: 'Live sessions', schema: SessionListSchema } },
    handler: async (c) => {
      const { tenantId, userId, sessionId } = c.var.principal
      const live = await sessions.listSessions(tenantId, userId)
      const current = live.find((session) => session.id === sessionId)?.familyId
      return c.json({ items: live.map((session) => toSessionDto(session, current)) })
    },
  })

  const revokeMine = defineRoute({
    method: 'delete',
    path: '/api/auth/sessions/:id',
    operationId: 'revokeMySession',
    summary: "Revoke one of the caller's sessions",
    description: "The id is a session's `id` from the list. Another user's session is a 404.",
    tags: TAGS,
    access: AUTHENTICATED,
    request: { params: IdParams },
    responses: { 204: { description: 'Revoked' } },
    handler: async (c, { params }) => {
      const { tenantId, userId } = c.var.principal
      const live = await sessions.listSessions(tenantId, userId)
      const target = live.find((session) => session.familyId === params.id)
      const revoked =
        target !== undefined &&
        (
          await sessions.revokeSession(
            { tenantId, userId, sessionId: target.id },
            requestEventContext(c),
          )
        ).ok
      if (!revoked) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such session.' })
      return c.body(null, 204)
    },
  })

  const revokeOthers = defineRoute({
    method: 'post',
    path: '/api/auth/sessions/revoke-others',
    operationId: 'revokeMyOtherSessions',
    summary: 'Revoke every session of the caller but the current one',
    tags: TAGS,
    access: AUTHENTICATED,
    responses: { 200: { description: 'How many were revoked', schema: RevokedSchema } },
    handler: async (c) => {
      const { tenantId, userId, sessionId } = c.var.principal
      const revoked = await sessions.revokeOtherSessions(
        { tenantId, userId, keepSessionId: sessionId },
        requestEventContext(c),
      )
      return c.json({ revoked })
    },
  })

  return [register, login, refresh, logout, listMine, revokeMine, revokeOthers]
}
