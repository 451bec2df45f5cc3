import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventWriter } from './event-writer'
import { testEventWriter, testEventsMigrations } from './internal/test-events.test-helper'
import { createModuleRegistry } from './module-registry'
import { tenantMigrations } from './tenant-migrations'
import { createTenantLocales } from './tenant-locales'
import { createTenantModules } from './tenant-modules'
import { createTenantStore } from './tenant-store'
import type { TenantTables } from './tenant-tables'

// The outbox's relays are woken by `committed()`; without it a tenant event waits for a poll.
describe('core-tenant writes wake the relays after they commit', () => {
  let testDb: TestDb<TenantTables>
  let db: Kysely<TenantTables>
  /** For each `committed()` call: how many events were visible outside the transaction then. */
  const wakeUps: number[] = []
  const writer = testEventWriter()
  const events: EventWriter = {
    publishInTx: (trx, envelopes) => writer.publishInTx(trx, envelopes),
    committed: () => {
      // Counted synchronously by a query started now; the promise is awaited by the test below.
      pending.push(
        sql<{ n: number }>`select count(*)::int as n from test_events`
          .execute(db)
          .then(({ rows }) => wakeUps.push(rows[0]?.n ?? -1)),
      )
    },
  }
  const pending: Promise<unknown>[] = []
  const settled = async (): Promise<number[]> => {
    await Promise.all(pending)
    return [...wakeUps]
  }

  beforeAll(async () => {
    testDb = await createTestDb<TenantTables>({ modules: [tenantMigrations, testEventsMigrations] })
    db = testDb.db
  })
  afterAll(() => testDb.destroy())

  it('after create, update, a module toggle and a locale change, each with its event already committed', async () => {
    const store = createTenantStore({ db, events })
    const created = await store.create({ slug: 'wake-a', name: 'A' })
    if (!created.ok) throw new Error('create failed')
    const id = created.tenant.id
    expect(await settled()).toEqual([1])

    await store.update(id, { name: 'A2' })
    expect(await settled()).toEqual([1, 2])

    const modules = createTenantModules({
      db,
      events,
      registry: createModuleRegistry([{ name: 'content' }]),
    })
    await modules.enableModule(id, 'content')
    expect(await settled()).toEqual([1, 2, 3])

    const locales = createTenantLocales({ db, events })
    await locales.addLocale(id, { locale: 'de' })
    expect(await settled()).toEqual([1, 2, 3, 4])
  })

  it('not for a write that rolled back', async () => {
    const store = createTenantStore({ db, events })
    const created = await store.create({ slug: 'wake-b', name: 'B' })
    if (!created.ok) throw new Error('create failed')
    const before = (await settled()).length
    const modules = createTenantModules({
      db,
      events,
      registry: createModuleRegistry([
        {
          name: 'content',
          onEnable: () => {
            throw new Error('seed failed')
          },
        },
      ]),
    })
    await expect(modules.enableModule(created.tenant.id, 'content')).resolves.toMatchObject({
      ok: false,
      reason: 'HOOK_FAILED',
    })
    expect((await settled()).length).toBe(before)
  })
})
