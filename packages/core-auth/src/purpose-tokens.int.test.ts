import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authMigrations } from './auth-migrations'
import {
  eventTypes,
  failingEventWriter,
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
import { createPurposeTokens, type PurposeTokens } from './purpose-tokens'
import { createSessionService } from './session-service'
import { createUserStore } from './user-store'

describe('purpose tokens', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  let tokens: PurposeTokens
  let userId: string
  const clock = testClock()
  const newPassword = 'a brand new passphrase'
  const sessions = () =>
    createSessionService({
      db,
      events: testEventWriter,
      hasher: testHasher,
      accessTokens: { sign: () => Promise.resolve('access-token') },
      now: () => clock.now(),
    })
  const login = (pw: string) =>
    sessions().login({ tenantId: tenantA, email: 'ann@example.com', password: pw })

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [authMigrations, testEventsModule] })
    db = handle.db
    tokens = createPurposeTokens({
      db,
      events: testEventWriter,
      hasher: testHasher,
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

  it('resets a password once, revoking every session', async () => {
    const session = await login(password)
    if (!session.ok) throw new Error('setup')
    const issued = await tokens.requestPasswordReset({
      tenantId: tenantA,
      email: 'ANN@example.com',
    })
    if (!issued.ok) throw new Error('setup')
    expect(issued.expiresAt).toEqual(new Date(clock.now().getTime() + 15 * 60_000))
    const stored = await db.selectFrom('auth_tokens').select('token_hash').executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(issued.token)
    await db.deleteFrom('test_events').execute()

    const reset = { tenantId: tenantA, token: issued.token, newPassword }
    expect(await tokens.resetPassword(reset)).toEqual({ ok: true, userId })
    expect(await tokens.resetPassword(reset)).toEqual({ ok: false, reason: 'INVALID_TOKEN' })
    expect(await sessions().isSessionActive(session.session.id, tenantA)).toBe(false)
    expect(await eventTypes(db)).toEqual(['auth.session_revoked', 'auth.password_changed'])
    expect((await login(password)).ok).toBe(false)
    expect((await login(newPassword)).ok).toBe(true)
  })

  it('fails an expired token, a token of another tenant, and an unknown e-mail', async () => {
    const issued = await tokens.requestPasswordReset({
      tenantId: tenantA,
      email: 'ann@example.com',
    })
    if (!issued.ok) throw new Error('setup')
    expect(
      await tokens.resetPassword({ tenantId: tenantB, token: issued.token, newPassword }),
    ).toEqual({
      ok: false,
      reason: 'INVALID_TOKEN',
    })
    clock.advance(15 * 60_000)
    expect(
      await tokens.resetPassword({ tenantId: tenantA, token: issued.token, newPassword }),
    ).toEqual({
      ok: false,
      reason: 'INVALID_TOKEN',
    })
    expect(
      await tokens.requestPasswordReset({ tenantId: tenantA, email: 'bob@example.com' }),
    ).toEqual({
      ok: false,
      reason: 'NOT_FOUND',
    })
  })

  it('keeps only the newest reset link, and a weak password does not burn the token', async () => {
    const first = await tokens.requestPasswordReset({ tenantId: tenantA, email: 'ann@example.com' })
    const second = await tokens.requestPasswordReset({
      tenantId: tenantA,
      email: 'ann@example.com',
    })
    if (!first.ok || !second.ok) throw new Error('setup')
    expect(
      await tokens.resetPassword({ tenantId: tenantA, token: first.token, newPassword }),
    ).toMatchObject({
      reason: 'INVALID_TOKEN',
    })
    expect(
      await tokens.resetPassword({ tenantId: tenantA, token: second.token, newPassword: 'short' }),
    ).toMatchObject({ reason: 'WEAK_PASSWORD' })
    expect(
      await tokens.resetPassword({ tenantId: tenantA, token: second.token, newPassword }),
    ).toMatchObject({
      ok: true,
    })
  })

  it('leaves the token usable when the reset rolls back', async () => {
    const issued = await tokens.requestPasswordReset({
      tenantId: tenantA,
      email: 'ann@example.com',
    })
    if (!issued.ok) throw new Error('setup')
    const broken = createPurposeTokens({
      db,
      events: failingEventWriter,
      hasher: testHasher,
      now: () => clock.now(),
    })
    const reset = { tenantId: tenantA, token: issued.token, newPassword }
    await expect(broken.resetPassword(reset)).rejects.toThrow('outbox down')
    expect(await eventTypes(db)).toEqual(['auth.password_reset_requested'])
    expect((await login(password)).ok).toBe(true)
    expect(await tokens.resetPassword(reset)).toMatchObject({ ok: true })
  })

  it('verifies an e-mail once, within 24 hours, for the address it was sent to', async () => {
    const issued = await tokens.requestEmailVerification({ tenantId: tenantA, userId })
    if (!issued.ok) throw new Error('setup')
    expect(issued.expiresAt).toEqual(new Date(clock.now().getTime() + 24 * 3600_000))
    expect(await tokens.verifyEmail({ tenantId: tenantA, token: issued.token })).toEqual({
      ok: true,
      userId,
    })
    expect(await tokens.verifyEmail({ tenantId: tenantA, token: issued.token })).toMatchObject({
      ok: false,
    })
    const user = await db.selectFrom('users').select('email_verified_at').executeTakeFirstOrThrow()
    expect(user.email_verified_at).toEqual(clock.now())
    expect(await eventTypes(db)).toEqual(['auth.email_verified'])

    const stale = await tokens.requestEmailVerification({ tenantId: tenantA, userId })
    if (!stale.ok) throw new Error('setup')
    await db.updateTable('users').set({ email: 'other@example.com' }).execute()
    expect(await tokens.verifyEmail({ tenantId: tenantA, token: stale.token })).toMatchObject({
      ok: false,
    })
  })

  it('accepts an invite once, creating the user with the invited role', async () => {
    expect(
      await tokens.invite({ tenantId: tenantA, email: 'ann@example.com', role: 'manager' }),
    ).toEqual({
      ok: false,
      reason: 'CONFLICT',
    })
    const issued = await tokens.invite({
      tenantId: tenantA,
      email: 'Bob@example.com',
      role: 'manager',
    })
    if (!issued.ok) throw new Error('setup')
    expect(issued.expiresAt).toEqual(new Date(clock.now().getTime() + 7 * 24 * 3600_000))
    const accept = { tenantId: tenantA, token: issued.token, password, name: 'Bob' }
    const accepted = await tokens.acceptInvite(accept)
    expect(accepted).toMatchObject({
      ok: true,
      user: { email: 'bob@example.com', role: 'manager', name: 'Bob' },
    })
    expect(await tokens.acceptInvite(accept)).toEqual({ ok: false, reason: 'INVALID_TOKEN' })
    expect(await eventTypes(db)).toEqual(['auth.invite_issued', 'user.registered'])
  })

  it('audits issued reset tokens and invites with the actor, and nothing for refusals', async () => {
    const context = { actorId: userId }
    await tokens.requestPasswordReset({ tenantId: tenantA, email: 'nobody@example.com' }, context)
    await tokens.invite({ tenantId: tenantA, email: 'ann@example.com', role: 'manager' }, context)
    expect(await eventTypes(db)).toEqual([])
    await tokens.requestPasswordReset({ tenantId: tenantA, email: 'Ann@example.com' }, context)
    await tokens.invite({ tenantId: tenantA, email: 'Bob@example.com', role: 'manager' }, context)
    const rows = await db
      .selectFrom('test_events')
      .select(['type', 'aggregate_id', 'payload'])
      .orderBy('seq')
      .execute()
    expect(rows).toEqual([
      { type: 'auth.password_reset_requested', aggregate_id: userId, payload: { userId } },
      {
        type: 'auth.invite_issued',
        aggregate_id: 'bob@example.com',
        payload: { email: 'bob@example.com', role: 'manager' },
      },
    ])
  })

  it('answers CONFLICT when the invited e-mail registered meanwhile, keeping the invite', async () => {
    const issued = await tokens.invite({
      tenantId: tenantA,
      email: 'bob@example.com',
      role: 'customer',
    })
    if (!issued.ok) throw new Error('setup')
    const users = createUserStore({ db, events: testEventWriter, hasher: testHasher })
    await users.register({ tenantId: tenantA, email: 'bob@example.com', password })
    expect(await tokens.acceptInvite({ tenantId: tenantA, token: issued.token, password })).toEqual(
      {
        ok: false,
        reason: 'CONFLICT',
      },
    )
    const row = await db.selectFrom('auth_tokens').select('used_at').executeTakeFirstOrThrow()
    expect(row.used_at).toBeNull()
  })
})
