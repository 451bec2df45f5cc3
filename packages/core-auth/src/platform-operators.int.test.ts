import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authMigrations } from './auth-migrations'
import type { AuthTables } from './auth-tables'
import { createPlatformOperators } from './platform-operators'

const tenantA = '0190a000-0000-7000-8000-00000000000a'
const tenantB = '0190a000-0000-7000-8000-00000000000b'
const ann = '0190a000-0000-7000-8000-0000000000a1'
const bob = '0190a000-0000-7000-8000-0000000000b1'

describe('createPlatformOperators', () => {
  let testDb: TestDb<AuthTables>
  beforeAll(async () => {
    testDb = await createTestDb<AuthTables>({ modules: [authMigrations] })
    for (const [id, tenantId, email] of [
      [ann, tenantA, 'ann@a.test'],
      [bob, tenantB, 'bob@b.test'],
    ] as const) {
      await sql`insert into users (id, tenant_id, email, password_hash, role)
        values (${id}, ${tenantId}, ${email}, 'x', 'super_admin')`.execute(testDb.db)
    }
  })
  afterAll(() => testDb.destroy())

  it('grants only a user of the named tenant, once, and knows them there only', async () => {
    const operators = createPlatformOperators({ db: testDb.db })
    expect(await operators.grant(tenantB, ann)).toBe(false)
    expect(await operators.isOperator(tenantA, ann)).toBe(false)
    expect(await operators.grant(tenantA, ann)).toBe(true)
    expect(await operators.grant(tenantA, ann)).toBe(true)
    expect(await operators.isOperator(tenantA, ann)).toBe(true)
    // The same id claimed in another tenant (a forged pairing) is no operator.
    expect(await operators.isOperator(tenantB, ann)).toBe(false)
    // A super_admin of another tenant is not one either.
    expect(await operators.isOperator(tenantB, bob)).toBe(false)
    expect(await operators.isOperator(tenantA, 'not-a-uuid')).toBe(false)
  })

  it('stops at once when the grant is revoked or the account is disabled', async () => {
    const operators = createPlatformOperators({ db: testDb.db })
    await operators.grant(tenantA, ann)
    await sql`update users set status = 'inactive' where id = ${ann}`.execute(testDb.db)
    expect(await operators.isOperator(tenantA, ann)).toBe(false)
    await sql`update users set status = 'active' where id = ${ann}`.execute(testDb.db)
    expect(await operators.isOperator(tenantA, ann)).toBe(true)
    expect(await operators.revoke(ann)).toBe(true)
    expect(await operators.revoke(ann)).toBe(false)
    expect(await operators.isOperator(tenantA, ann)).toBe(false)
  })

  it('forgets the grant with the user', async () => {
    const operators = createPlatformOperators({ db: testDb.db })
    await operators.grant(tenantB, bob)
    await sql`delete from users where id = ${bob}`.execute(testDb.db)
    const rows = await testDb.db.selectFrom('platform_operators').selectAll().execute()
    expect(rows.map((row) => row.user_id)).not.toContain(bob)
  })
})
