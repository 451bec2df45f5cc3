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
import { createUserStore } from './user-store'

describe('user store', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const clock = testClock()
  const users = () =>
    createUserStore({ db, events: testEventWriter, hasher: testHasher, now: () => clock.now() })
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [authMigrations, testEventsModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())
  beforeEach(() => truncateAll(db))

  it('registers a user with a lowercased e-mail and writes user.registered', async () => {
    const result = await users().register({
      tenantId: tenantA,
      email: ' Ann@Example.COM ',
      password,
    })
    expect(result).toMatchObject({
      ok: true,
      user: { email: 'ann@example.com', role: 'customer', status: 'active' },
    })
    expect(await eventTypes(db)).toEqual(['user.registered'])
    const row = await db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()
    expect(row.password_hash).toMatch(/^\$argon2id\$/)
  })

  it('answers CONFLICT for the same e-mail in any case, but not in another tenant', async () => {
    await users().register({ tenantId: tenantA, email: 'ann@example.com', password })
    expect(
      await users().register({ tenantId: tenantA, email: 'ANN@example.com', password }),
    ).toEqual({
      ok: false,
      reason: 'CONFLICT',
    })
    expect(
      (await users().register({ tenantId: tenantB, email: 'ann@example.com', password })).ok,
    ).toBe(true)
  })

  it('refuses a short password with the policy verdict and throws INVALID_INPUT for bad input', async () => {
    expect(
      await users().register({ tenantId: tenantA, email: 'a@example.com', password: 'short' }),
    ).toMatchObject({
      ok: false,
      reason: 'WEAK_PASSWORD',
      policy: { reason: 'TOO_SHORT', minLength: 12 },
    })
    await expect(
      users().register({ tenantId: tenantA, email: 'nope', password }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('email') as unknown,
    })
    await expect(
      users().register({ tenantId: tenantA, email: 'a@example.com', password, role: 'wizard' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await eventTypes(db)).toEqual([])
  })

  it('rolls the user back when the event cannot be written', async () => {
    const store = createUserStore({ db, events: failingEventWriter, hasher: testHasher })
    await expect(
      store.register({ tenantId: tenantA, email: 'a@example.com', password }),
    ).rejects.toThrow('outbox down')
    expect(await db.selectFrom('users').selectAll().execute()).toEqual([])
    expect(await eventTypes(db)).toEqual([])
  })

  it('updates, disables, enables and deletes with their events', async () => {
    const created = await users().register({
      tenantId: tenantA,
      email: 'a@example.com',
      password,
      emailVerified: true,
    })
    if (!created.ok) throw new Error('setup')
    const ref = { tenantId: tenantA, userId: created.user.id }
    const updated = await users().update({ ...ref, name: 'Ann', email: 'ann@example.com' })
    expect(updated).toMatchObject({
      ok: true,
      user: { name: 'Ann', email: 'ann@example.com', emailVerifiedAt: null },
    })
    expect(await users().disable({ ...ref, status: 'banned' })).toMatchObject({
      ok: true,
      user: { status: 'banned' },
    })
    expect(await users().enable(ref)).toMatchObject({ ok: true, user: { status: 'active' } })
    expect(await users().get(tenantB, created.user.id)).toBeUndefined()
    expect(await users().findByEmail(tenantA, 'ANN@example.com')).toMatchObject({
      id: created.user.id,
    })
    expect(await users().delete(ref)).toEqual({ ok: true })
    expect(await users().delete(ref)).toEqual({ ok: false, reason: 'NOT_FOUND' })
    expect(await eventTypes(db)).toEqual([
      'user.registered',
      'user.updated',
      'user.updated',
      'user.updated',
      'user.deleted',
    ])
  })

  it('answers CONFLICT when an update takes an e-mail in use', async () => {
    await users().register({ tenantId: tenantA, email: 'a@example.com', password })
    const b = await users().register({ tenantId: tenantA, email: 'b@example.com', password })
    if (!b.ok) throw new Error('setup')
    expect(
      await users().update({ tenantId: tenantA, userId: b.user.id, email: 'A@example.com' }),
    ).toEqual({
      ok: false,
      reason: 'CONFLICT',
    })
  })

  it('assigns built-in and custom roles with auth.role_changed', async () => {
    const created = await users().register({ tenantId: tenantA, email: 'a@example.com', password })
    if (!created.ok) throw new Error('setup')
    const ref = { tenantId: tenantA, userId: created.user.id }
    expect(await users().assignRole({ ...ref, role: 'manager' })).toMatchObject({
      ok: true,
      user: { role: 'manager' },
    })
    await expect(users().assignRole({ ...ref, role: 'editor' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await db
      .insertInto('custom_roles')
      .values({
        tenant_id: tenantA,
        name: 'editor',
        inherits: 'customer',
        grants: '["posts:update"]',
      })
      .execute()
    expect(await users().assignRole({ ...ref, role: 'editor' })).toMatchObject({
      ok: true,
      user: { role: 'editor' },
    })
    const changes = await db
      .selectFrom('test_events')
      .select('payload')
      .where('type', '=', 'auth.role_changed')
      .orderBy('seq')
      .execute()
    expect(changes.map((row) => row.payload)).toEqual([
      { userId: created.user.id, from: 'customer', to: 'manager' },
      { userId: created.user.id, from: 'manager', to: 'editor' },
    ])
  })

  it('refuses, inside its own transaction, a change to a user whose role is not allowed', async () => {
    const created = await users().register({
      tenantId: tenantA,
      email: 'boss@example.com',
      password,
      role: 'admin',
    })
    if (!created.ok) throw new Error('setup')
    await db.deleteFrom('test_events').execute()
    const ref = { tenantId: tenantA, userId: created.user.id }
    const allowedRoles = new Set(['manager', 'customer'])
    const forbidden = { ok: false, reason: 'FORBIDDEN' }
    expect(await users().disable({ ...ref, allowedRoles })).toEqual(forbidden)
    expect(await users().enable({ ...ref, allowedRoles })).toEqual(forbidden)
    expect(await users().update({ ...ref, name: 'Taken', allowedRoles })).toEqual(forbidden)
    expect(await users().assignRole({ ...ref, role: 'customer', allowedRoles })).toEqual(forbidden)
    expect(await users().get(tenantA, created.user.id)).toMatchObject({
      role: 'admin',
      status: 'active',
      name: null,
    })
    expect(await db.selectFrom('test_events').select('type').execute()).toEqual([])
    // Nor may a role outside the set be given, even to a user the caller may manage.
    const managed = await users().register({ tenantId: tenantA, email: 'm@example.com', password })
    if (!managed.ok) throw new Error('setup')
    const target = { tenantId: tenantA, userId: managed.user.id, allowedRoles }
    expect(await users().assignRole({ ...target, role: 'admin' })).toEqual(forbidden)
    expect(await users().assignRole({ ...target, role: 'manager' })).toMatchObject({ ok: true })
    expect(await users().disable(target)).toMatchObject({ ok: true })
  })
})
