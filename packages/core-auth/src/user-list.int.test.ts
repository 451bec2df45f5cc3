import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authMigrations } from './auth-migrations'
import {
  password,
  tenantA,
  tenantB,
  testClock,
  testEventsModule,
  testEventWriter,
  testHasher,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import type { User } from './user'
import type { UserListQuery } from './user-list'
import { createUserStore, type UserStore } from './user-store'

describe('user list', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  let users: UserStore
  const clock = testClock()
  const emails = (list: readonly User[]) => list.map((user) => user.email)

  /** Every page of a query, following `next`. */
  const allPages = async (query: UserListQuery) => {
    const pages: string[][] = []
    let after: UserListQuery['after']
    do {
      const page = await users.list({ ...query, after })
      pages.push(emails(page.users))
      after = page.next ?? undefined
    } while (after !== undefined)
    return pages
  }

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [authMigrations, testEventsModule] })
    db = handle.db
    users = createUserStore({
      db,
      events: testEventWriter,
      hasher: testHasher,
      now: () => clock.now(),
    })
    const people = [
      { email: 'carol@example.com', name: 'Carol 100%', role: 'admin' },
      { email: 'ann@example.com', name: 'Ann Smith' },
      { email: 'bob@shop.test', name: 'Bob' },
      { email: 'dave@example.com', name: null },
      { email: 'eve@shop.test', name: 'Eve SMITH', role: 'manager' },
    ]
    for (const person of people) {
      clock.advance(1000)
      const created = await users.register({
        tenantId: tenantA,
        email: person.email,
        password,
        name: person.name ?? undefined,
        role: person.role,
      })
      if (!created.ok) throw new Error('setup')
    }
    await users.register({ tenantId: tenantB, email: 'zed@example.com', password })
    // Two users created in the same microsecond: the id breaks the tie.
    await db
      .updateTable('users')
      .set({ created_at: '2026-03-01T12:00:03.123456Z' })
      .where('email', 'in', ['bob@shop.test', 'dave@example.com'])
      .execute()
    const ann = await users.findByEmail(tenantA, 'ann@example.com')
    if (!ann) throw new Error('setup')
    await users.disable({ tenantId: tenantA, userId: ann.id })
  })
  afterAll(() => handle.destroy())

  it('lists only the tenant, newest first by default, never the password hash', async () => {
    const page = await users.list({ tenantId: tenantA, limit: 10 })
    expect(page.next).toBeNull()
    expect(emails(page.users)[0]).toBe('eve@shop.test')
    expect(emails(page.users)).toHaveLength(5)
    expect(emails(page.users)).not.toContain('zed@example.com')
    expect(page.users[0]).not.toHaveProperty('passwordHash')
    expect(page.users[0]).not.toHaveProperty('password_hash')
  })

  it('pages by e-mail and by exact creation time without gaps or repeats', async () => {
    expect(
      await allPages({ tenantId: tenantA, limit: 2, sort: { field: 'email', direction: 'asc' } }),
    ).toEqual([
      ['ann@example.com', 'bob@shop.test'],
      ['carol@example.com', 'dave@example.com'],
      ['eve@shop.test'],
    ])
    for (const direction of ['asc', 'desc'] as const) {
      const pages = await allPages({
        tenantId: tenantA,
        limit: 1,
        sort: { field: 'createdAt', direction },
      })
      expect(pages).toHaveLength(5)
      expect(new Set(pages.flat()).size).toBe(5)
    }
  })

  it('filters by role, status and a case-insensitive search of e-mail and name', async () => {
    const find = async (query: Partial<UserListQuery>) =>
      emails((await users.list({ tenantId: tenantA, limit: 10, ...query })).users).sort()
    expect(await find({ role: 'manager' })).toEqual(['eve@shop.test'])
    expect(await find({ status: 'inactive' })).toEqual(['ann@example.com'])
    expect(await find({ search: 'SMITH' })).toEqual(['ann@example.com', 'eve@shop.test'])
    expect(await find({ search: 'shop.TEST' })).toEqual(['bob@shop.test', 'eve@shop.test'])
    // `%` and `_` are literal characters, not wildcards.
    expect(await find({ search: '100%' })).toEqual(['carol@example.com'])
    expect(await find({ search: '_' })).toEqual([])
    expect(await find({ search: '  ' })).toHaveLength(5)
  })

  it('refuses a bad query or a cursor that does not fit the sort', async () => {
    const id = '0190a000-0000-7000-8000-000000000001'
    await expect(users.list({ tenantId: tenantA, limit: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(
      users.list({ tenantId: tenantA, limit: 5, after: { value: 'ann@example.com', id } }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('after') as unknown,
    })
    await expect(users.list({ tenantId: 'acme', limit: 5 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })
})
