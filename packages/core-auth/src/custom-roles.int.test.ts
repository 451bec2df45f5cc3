import { createTestDb, type TestDb } from '@rustok/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authMigrations } from './auth-migrations'
import type { AuthTables } from './auth-tables'
import { createCustomRoles } from './custom-roles'

const tenantA = '0190a000-0000-7000-8000-00000000000a'
const tenantB = '0190a000-0000-7000-8000-00000000000b'

describe('createCustomRoles', () => {
  let testDb: TestDb<AuthTables>
  beforeAll(async () => {
    testDb = await createTestDb<AuthTables>({ modules: [authMigrations] })
  })
  afterAll(() => testDb.destroy())

  it('stores a tenant role that grants on top of its inherited role, for that tenant only', async () => {
    const roles = createCustomRoles({ db: testDb.db })
    await expect(
      roles.define(tenantA, 'editor', {
        inherits: 'customer',
        grants: ['posts:update', 'media:create'],
      }),
    ).resolves.toEqual({ ok: true })

    const a = await roles.rbacFor(tenantA)
    expect(a.can('editor', 'posts', 'update')).toBe(true)
    expect(a.can('editor', 'products', 'read')).toBe(true) // inherited from customer
    expect(a.can('editor', 'users', 'delete')).toBe(false)
    expect((await roles.rbacFor(tenantB)).can('editor', 'posts', 'update')).toBe(false)
    expect(await roles.list(tenantA)).toEqual({
      editor: { inherits: 'customer', grants: ['posts:update', 'media:create'] },
    })
  })

  it('replaces a role on redefinition and removes it', async () => {
    const roles = createCustomRoles({ db: testDb.db })
    await roles.define(tenantA, 'auditor', { grants: ['logs:read'] })
    await roles.define(tenantA, 'auditor', { grants: ['analytics:read'] })
    const rbac = await roles.rbacFor(tenantA)
    expect(rbac.can('auditor', 'logs', 'read')).toBe(false)
    expect(rbac.can('auditor', 'analytics', 'read')).toBe(true)
    expect(await roles.remove(tenantA, 'auditor')).toBe(true)
    expect(await roles.remove(tenantA, 'auditor')).toBe(false)
    expect((await roles.rbacFor(tenantA)).can('auditor', 'analytics', 'read')).toBe(false)
  })

  it('refuses built-in names, unknown grants and bad names', async () => {
    const roles = createCustomRoles({ db: testDb.db })
    await expect(roles.define(tenantA, 'admin', { grants: [] })).resolves.toMatchObject({
      ok: false,
    })
    await expect(
      roles.define(tenantA, 'weird', { grants: ['rockets:launch' as 'posts:read'] }),
    ).resolves.toMatchObject({ ok: false, reason: 'INVALID_ROLE' })
    await expect(roles.define(tenantA, 'Bad Name', { grants: [] })).resolves.toMatchObject({
      ok: false,
    })
  })
})
