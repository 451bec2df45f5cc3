import {
  authEvents,
  authMigrations,
  createPasswordHasher,
  createUserStore,
  userEvents,
} from '@rustok/core-auth'
import { createEventCatalog } from '@rustok/core-events'
import { createTenantStore, tenancyEvents, tenantMigrations } from '@rustok/core-tenant'
import { createOutbox, outboxMigrations, type OutboxTables } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The core packages take an EventWriter port; here the real outbox fills it, as the server will.
describe('core-tenant and core-auth write their events through the outbox', () => {
  let testDb: TestDb<OutboxTables>
  const outbox = createOutbox({
    catalog: createEventCatalog(tenancyEvents, userEvents, authEvents),
  })
  beforeAll(async () => {
    testDb = await createTestDb<OutboxTables>({
      modules: [outboxMigrations, tenantMigrations, authMigrations],
    })
  })
  afterAll(() => testDb.destroy())

  const types = async (): Promise<string[]> =>
    (await testDb.db.selectFrom('sys_events').select('type').orderBy('seq').execute()).map(
      (row) => row.type,
    )

  it('records tenant.created and user.registered rows in the same transactions as the changes', async () => {
    const tenants = createTenantStore({ db: testDb.db, events: outbox })
    const created = await tenants.create({ slug: 'outboxed', name: 'Outboxed' })
    if (!created.ok) throw new Error('tenant not created')
    const users = createUserStore({
      db: testDb.db,
      events: outbox,
      hasher: createPasswordHasher({ hashOptions: { memoryCost: 1024, timeCost: 1 } }),
    })
    const registered = await users.register({
      tenantId: created.tenant.id,
      email: 'ann@example.com',
      password: 'correct horse battery staple',
    })
    expect(registered.ok).toBe(true)
    expect(await types()).toEqual(['tenant.created', 'user.registered'])

    // A refused change leaves no event behind.
    await tenants.create({ slug: 'outboxed', name: 'Again' })
    expect(await types()).toEqual(['tenant.created', 'user.registered'])
  })
})
