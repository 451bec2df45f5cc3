import { userLoggedIn } from '../events/user-events'
import type { AuthDb } from '../auth-tables'
import { generateOpaqueToken, hashOpaqueToken } from '../opaque-token'
import { toSession, type Session } from '../session'
import { toUser, type User } from '../user'
import * as v from 'valibot'
import { clip, IdSchema, parseInput } from './parse-input'
import { transact, type EventBuffer, type TransactDeps } from './transact'

/** A new session family for a user already proven to be who they claim. */
export interface StartSession {
  readonly id: string
  readonly tenantId: string
  readonly userId: string
  readonly ip: string | null | undefined
  readonly userAgent: string | null | undefined
  readonly now: Date
  readonly ttlMs: number
  /** A fresh hash of the password just verified, when the stored one used older costs. */
  readonly rehashed?: string | undefined
}

/** The session opened by {@link startSession}, with its refresh token (shown once). */
export interface StartedSession {
  readonly user: User
  readonly session: Session
  readonly refreshToken: string
}

/**
 * Inserts the first row of a new session family, stamps the user's `last_login_at` and buffers
 * `user.logged_in`, inside the caller's transaction.
 */
export async function startSession(
  trx: AuthDb,
  events: EventBuffer,
  request: StartSession,
): Promise<StartedSession> {
  const { id, now } = request
  const refreshToken = generateOpaqueToken()
  const session = await trx
    .insertInto('sessions')
    .values({
      id,
      tenant_id: request.tenantId,
      user_id: request.userId,
      family_id: id,
      refresh_token_hash: hashOpaqueToken(refreshToken),
      expires_at: new Date(now.getTime() + request.ttlMs),
      revoked_at: null,
      revoked_reason: null,
      ip: clip(request.ip, 64),
      user_agent: clip(request.userAgent, 512),
      created_at: now,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const user = await trx
    .updateTable('users')
    .set({
      last_login_at: now,
      ...(request.rehashed === undefined ? {} : { password_hash: request.rehashed }),
    })
    .where('tenant_id', '=', request.tenantId)
    .where('id', '=', request.userId)
    .returningAll()
    .executeTakeFirstOrThrow()
  events.add(userLoggedIn, { userId: request.userId })
  return { user: toUser(user), session: toSession(session), refreshToken }
}

/** What {@link openUserSession} needs besides the input. */
export interface OpenSessionDeps extends TransactDeps {
  readonly ttlMs: number
  readonly newId: () => string
}

/** Who to sign in, and from where. */
export interface OpenSessionRequest {
  readonly tenantId: string
  readonly userId: string
  readonly ip?: string | null | undefined
  readonly userAgent?: string | null | undefined
}

/** Outcome of {@link openUserSession}, before the access token is signed. */
export type OpenSessionOutcome =
  | ({ readonly ok: true } & StartedSession)
  | { readonly ok: false; readonly reason: 'NOT_FOUND' | 'USER_INACTIVE' }

const RefSchema = v.object({ tenantId: IdSchema, userId: IdSchema })

/** Starts a session for an active user of the tenant, in its own transaction. */
export async function openUserSession(
  deps: OpenSessionDeps,
  request: OpenSessionRequest,
): Promise<OpenSessionOutcome> {
  const ref = parseInput(RefSchema, { tenantId: request.tenantId, userId: request.userId })
  const scope = { tenantId: ref.tenantId, context: { actorId: ref.userId } }
  return transact(deps, scope, async (trx, events) => {
    const row = await trx
      .selectFrom('users')
      .select('status')
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', ref.userId)
      .forUpdate()
      .executeTakeFirst()
    if (row === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
    if (row.status !== 'active') return { ok: false, reason: 'USER_INACTIVE' } as const
    const started = await startSession(trx, events, {
      ...ref,
      id: deps.newId(),
      ip: request.ip,
      userAgent: request.userAgent,
      now: deps.now(),
      ttlMs: deps.ttlMs,
    })
    return { ok: true, ...started } as const
  })
}
