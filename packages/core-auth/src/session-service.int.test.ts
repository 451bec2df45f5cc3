import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAccessTokens } from './access-tokens'
import { authMigrations } from './auth-migrations'
import {
  eventTypes,
  password,
  tenantA,
  tenantB,
  testClock,
  testEventsModule,
  testEventWriter,
  testHasher,
  truncateAll,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createSessionService, type SessionService } from './session-service'
import { createUserStore } from './user-store'

describe('session service', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  let sessions: SessionService
  let userId: string
  const clock = testClock()
  const accessTokens = createAccessTokens({
    secret: 'a'.repeat(32),
    now: () => clock.now(),
    isSessionActive: (sessionId, tenantId) => sessions.isSessionActive(sessionId, tenantId),
  })
  const login = (overrides: { email?: string; password?: string } = {}) =>
    sessions.login({
      tenantId: tenantA,
      email: 'ann@example.com',
      password,
      ip: '10.0.0.1',
      userAgent: 'vitest',
      ...overrides,
    })
  const loggedIn = async () => {
    const result = await login()
    if (!result.ok) throw new Error(`login failed: ${result.reason}`)
    return result
  }

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [authMigrations, testEventsModule] })
    db = handle.db
    sessions = createSessionService({
      db,
      events: testEventWriter,
      hasher: testHasher,
      accessTokens,
      now: () => clock.now(),
    })
  })
  afterAll(() => handle.destroy())
  beforeEach(async () => {
    await truncateAll(db)
    const users = createUserStore({
      db,
      events: testEventWriter,
      hasher: testHasher,
      now: () => clock.now(),
    })
    const created = await users.register({ tenantId: tenantA, email: 'ann@example.com', password })
    if (!created.ok) throw new Error('setup')
    userId = created.user.id
    await db.deleteFrom('test_events').execute()
  })

  it('logs in with the right password: tokens, session, user.logged_in', async () => {
    const result = await loggedIn()
    expect(result.session).toMatchObject({
      userId,
      tenantId: tenantA,
      ip: '10.0.0.1',
      userAgent: 'vitest',
    })
    expect(result.refreshToken).toMatch(/^[\w-]{43}$/)
    expect(await accessTokens.verify(result.accessToken, { tenantId: tenantA })).toMatchObject({
      ok: true,
    })
    expect(await accessTokens.verify(result.accessToken, { tenantId: tenantB })).toMatchObject({
      ok: false,
    })
    expect(await eventTypes(db)).toEqual(['user.logged_in'])
    const user = await db.selectFrom('users').select('last_login_at').executeTakeFirstOrThrow()
    expect(user.last_login_at).toEqual(clock.now())
  })

  it('refuses a wrong password and an unknown user alike, with auth.login_failed', async () => {
    expect(await login({ password: 'wrong password!!' })).toEqual({
      ok: false,
      reason: 'INVALID_CREDENTIALS',
    })
    expect(await login({ email: 'nobody@example.com' })).toEqual({
      ok: false,
      reason: 'INVALID_CREDENTIALS',
    })
    const rows = await db
      .selectFrom('test_events')
      .select(['type', 'payload'])
      .orderBy('seq')
      .execute()
    expect(rows).toEqual([
      {
        type: 'auth.login_failed',
        payload: {
          email: 'ann@example.com',
          userId,
          reason: 'INVALID_CREDENTIALS',
          ip: '10.0.0.1',
        },
      },
      {
        type: 'auth.login_failed',
        payload: {
          email: 'nobody@example.com',
          userId: null,
          reason: 'INVALID_CREDENTIALS',
          ip: '10.0.0.1',
        },
      },
    ])
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([])
  })

  it('refuses an inactive user even with the right password', async () => {
    await db.updateTable('users').set({ status: 'inactive' }).execute()
    expect(await login()).toEqual({ ok: false, reason: 'USER_INACTIVE' })
    expect(await eventTypes(db)).toEqual(['auth.login_failed'])
  })

  it('opens a session for a proven user without a password, but not for an inactive one', async () => {
    for (let i = 0; i < 5; i += 1) await login({ password: 'wrong password!!' })
    await db.deleteFrom('test_events').execute()
    const opened = await sessions.openSession({ tenantId: tenantA, userId, ip: '10.0.0.2' })
    if (!opened.ok) throw new Error(opened.reason)
    expect(opened.session).toMatchObject({ userId, familyId: opened.session.id, ip: '10.0.0.2' })
    expect(opened.user.lastLoginAt).toEqual(clock.now())
    expect(await accessTokens.verify(opened.accessToken, { tenantId: tenantA })).toMatchObject({
      ok: true,
      claims: { sub: userId, sid: opened.session.id },
    })
    expect(await eventTypes(db)).toEqual(['user.logged_in'])
    expect(await sessions.openSession({ tenantId: tenantB, userId })).toEqual({
      ok: false,
      reason: 'NOT_FOUND',
    })
    await db.updateTable('users').set({ status: 'inactive' }).execute()
    expect(await sessions.openSession({ tenantId: tenantA, userId })).toEqual({
      ok: false,
      reason: 'USER_INACTIVE',
    })
  })

  it('rotates the refresh token within the same family', async () => {
    const first = await loggedIn()
    const second = await sessions.refresh({ tenantId: tenantA, refreshToken: first.refreshToken })
    if (!second.ok) throw new Error(second.reason)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second.session.familyId).toBe(first.session.familyId)
    expect(second.session.id).not.toBe(first.session.id)
    expect(await accessTokens.verify(second.accessToken, { tenantId: tenantA })).toMatchObject({
      ok: true,
    })
    // The access token of the rotated row is retired with it.
    expect(await accessTokens.verify(first.accessToken, { tenantId: tenantA })).toEqual({
      ok: false,
      reason: 'SESSION_REVOKED',
    })
    expect(await sessions.listSessions(tenantA, userId)).toEqual([second.session])
    expect(
      await sessions.refresh({ tenantId: tenantB, refreshToken: second.refreshToken }),
    ).toEqual({ ok: false, reason: 'INVALID_TOKEN' })
  })

  it('revokes the whole family when a rotated token comes back', async () => {
    const first = await loggedIn()
    const second = await sessions.refresh({ tenantId: tenantA, refreshToken: first.refreshToken })
    if (!second.ok) throw new Error(second.reason)
    expect(await sessions.refresh({ tenantId: tenantA, refreshToken: first.refreshToken })).toEqual(
      { ok: false, reason: 'TOKEN_REUSED' },
    )
    expect(
      await sessions.refresh({ tenantId: tenantA, refreshToken: second.refreshToken }),
    ).toEqual({ ok: false, reason: 'INVALID_TOKEN' })
    expect(await accessTokens.verify(second.accessToken, { tenantId: tenantA })).toEqual({
      ok: false,
      reason: 'SESSION_REVOKED',
    })
    expect(await eventTypes(db)).toEqual([
      'user.logged_in',
      'auth.session_revoked',
      'auth.refresh_token_reused',
    ])
  })

  // A race on PostgreSQL, where each refresh has its own connection: the presented row is locked
  // (FOR UPDATE), so the first rotation wins and every other one finds the row rotated.
  it('rotates a token once among parallel refreshes; the others are reuse and revoke the family', async () => {
    const first = await loggedIn()
    await db.deleteFrom('test_events').execute()
    // Open the connections first, so the refreshes start together rather than one per new connection.
    await Promise.all(Array.from({ length: 8 }, () => sql`select pg_sleep(0.05)`.execute(db)))
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        sessions.refresh({ tenantId: tenantA, refreshToken: first.refreshToken }),
      ),
    )
    const winners = results.flatMap((result) => (result.ok ? [result] : []))
    expect(winners).toHaveLength(1)
    expect(results.filter((result) => !result.ok)).toEqual(
      Array(7).fill({ ok: false, reason: 'TOKEN_REUSED' }),
    )
    const [winner] = winners
    if (!winner) throw new Error('unreachable')
    // The successor belongs to the family, which the first reuse revoked.
    expect(winner.session.familyId).toBe(first.session.familyId)
    expect(await sessions.isSessionActive(winner.session.id, tenantA)).toBe(false)
    expect(await accessTokens.verify(winner.accessToken, { tenantId: tenantA })).toEqual({
      ok: false,
      reason: 'SESSION_REVOKED',
    })
    expect(
      await sessions.refresh({ tenantId: tenantA, refreshToken: winner.refreshToken }),
    ).toEqual({ ok: false, reason: 'INVALID_TOKEN' })
    expect(await sessions.listSessions(tenantA, userId)).toEqual([])
    const types = await eventTypes(db)
    expect(types.filter((type) => type === 'auth.refresh_token_reused')).toHaveLength(7)
    expect(types.filter((type) => type === 'auth.session_revoked')).toHaveLength(1)
  })

  it('expires refresh tokens after their lifetime', async () => {
    const first = await loggedIn()
    clock.advance(31 * 24 * 3600 * 1000)
    expect(await sessions.refresh({ tenantId: tenantA, refreshToken: first.refreshToken })).toEqual(
      { ok: false, reason: 'EXPIRED' },
    )
  })

  it('rejects access tokens of a revoked session at once; logout revokes too', async () => {
    const a = await loggedIn()
    const b = await loggedIn()
    expect(
      await sessions.revokeSession({ tenantId: tenantA, sessionId: a.session.id, userId }),
    ).toEqual({ ok: true })
    expect(await accessTokens.verify(a.accessToken, { tenantId: tenantA })).toEqual({
      ok: false,
      reason: 'SESSION_REVOKED',
    })
    expect(await sessions.logout({ tenantId: tenantA, refreshToken: b.refreshToken })).toEqual({
      ok: true,
    })
    expect(await sessions.logout({ tenantId: tenantA, refreshToken: b.refreshToken })).toEqual({
      ok: false,
    })
    expect(await sessions.refresh({ tenantId: tenantA, refreshToken: b.refreshToken })).toEqual({
      ok: false,
      reason: 'INVALID_TOKEN',
    })
    expect(await sessions.listSessions(tenantA, userId)).toEqual([])
  })

  it('drops sessions of a disabled user', async () => {
    const a = await loggedIn()
    await db.updateTable('users').set({ status: 'banned' }).execute()
    expect(await sessions.isSessionActive(a.session.id, tenantA)).toBe(false)
    expect(await sessions.refresh({ tenantId: tenantA, refreshToken: a.refreshToken })).toEqual({
      ok: false,
      reason: 'USER_INACTIVE',
    })
  })

  it('revokes other sessions, and on a password change', async () => {
    const a = await loggedIn()
    await loggedIn()
    const c = await loggedIn()
    expect(
      await sessions.revokeOtherSessions({
        tenantId: tenantA,
        userId,
        keepSessionId: a.session.id,
      }),
    ).toBe(2)
    expect((await sessions.listSessions(tenantA, userId)).map((s) => s.id)).toEqual([a.session.id])
    expect(await sessions.isSessionActive(c.session.id, tenantA)).toBe(false)

    const d = await loggedIn()
    const change = {
      tenantId: tenantA,
      userId,
      newPassword: 'another long passphrase',
      keepSessionId: a.session.id,
    }
    expect(
      await sessions.changePassword({ ...change, currentPassword: 'wrong password!!' }),
    ).toEqual({ ok: false, reason: 'INVALID_CREDENTIALS' })
    expect(
      await sessions.changePassword({ ...change, currentPassword: password, newPassword: 'short' }),
    ).toMatchObject({ ok: false, reason: 'WEAK_PASSWORD' })
    await db.deleteFrom('test_events').execute()
    expect(await sessions.changePassword({ ...change, currentPassword: password })).toEqual({
      ok: true,
    })
    expect(await sessions.isSessionActive(d.session.id, tenantA)).toBe(false)
    expect(await sessions.isSessionActive(a.session.id, tenantA)).toBe(true)
    expect(await eventTypes(db)).toEqual(['auth.session_revoked', 'auth.password_changed'])
    expect(await login()).toEqual({ ok: false, reason: 'INVALID_CREDENTIALS' })
    expect((await login({ password: 'another long passphrase' })).ok).toBe(true)
  })

  it('throttles an account after 5 failures and resets on success', async () => {
    for (let i = 0; i < 4; i += 1) await login({ password: 'wrong password!!' })
    expect((await login()).ok).toBe(true)
    for (let i = 0; i < 5; i += 1) await login({ password: 'wrong password!!' })
    expect(await login()).toEqual({ ok: false, reason: 'THROTTLED', retryAfterSeconds: 900 })
    clock.advance(15 * 60 * 1000)
    expect(await login()).toMatchObject({ ok: true })
  })
})
