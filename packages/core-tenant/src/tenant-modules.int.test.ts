import { createTestDb, sequentialIds, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  testEventWriter,
  testEventsMigrations,
  writtenEvents,
} from './internal/test-events.test-helper'
import { createModuleGuard } from './module-guard'
import { createModuleRegistry } from './module-registry'
import { tenantMigrations } from './tenant-migrations'
import { createTenantModules } from './tenant-modules'
import { createTenantStore } from './tenant-store'
import type { TenantTables } from './tenant-tables'

describe('createTenantModules', () => {
  let testDb: TestDb<TenantTables>
  let db: Kysely<TenantTables>
  let a: string
  let b: string
  let failNextHook = false
  const registry = createModuleRegistry([
    { name: 'content' },
    {
      name: 'blog',
      dependsOn: ['content'],
      async onEnable({ trx, tenantId }) {
        await sql`insert into blog_seed (tenant_id) values (${tenantId})`.execute(trx)
        if (failNextHook) throw new Error('seed failed')
      },
      onDisable() {
        if (failNextHook) throw new Error('cleanup failed')
      },
    },
    { name: 'pages' },
  ])
  const modules = () => createTenantModules({ db, events: testEventWriter(), registry })
  const moduleRows = () =>
    db.selectFrom('tenant_modules').select(['tenant_id', 'module', 'enabled']).execute()

  beforeAll(async () => {
    testDb = await createTestDb<TenantTables>({ modules: [tenantMigrations, testEventsMigrations] })
    db = testDb.db
    await sql`create table blog_seed (tenant_id uuid not null)`.execute(db)
    const store = createTenantStore({ db, events: testEventWriter(), newId: sequentialIds(2) })
    const created = await Promise.all([
      store.create({ slug: 'tenant-a', name: 'A' }),
      store.create({ slug: 'tenant-b', name: 'B' }),
    ])
    ;[a, b] = created.map((result) => (result.ok ? result.tenant.id : '')) as [string, string]
  })
  afterAll(() => testDb.destroy())

  it('rolls back a failing first enable completely: no row, no event, no hook writes', async () => {
    const before = (await writtenEvents(db)).length
    failNextHook = true
    await modules().enableModule(a, 'content')
    const result = await modules().enableModule(a, 'blog')
    failNextHook = false
    expect(result).toMatchObject({
      ok: false,
      reason: 'HOOK_FAILED',
      message: 'Module lifecycle hook failed, state rolled back: seed failed',
    })
    expect(await moduleRows()).toEqual([{ tenant_id: a, module: 'content', enabled: true }])
    expect((await sql`select * from blog_seed`.execute(db)).rows).toEqual([])
    expect((await writtenEvents(db)).slice(before).map((event) => event.type)).toEqual([
      'module.enabled',
    ])
    await expect(modules().isModuleEnabled(a, 'blog')).resolves.toBe(false)
  })

  it('enables with dependencies, runs the hook in the transaction, and is idempotent', async () => {
    await expect(modules().enableModule(b, 'blog')).resolves.toEqual({
      ok: false,
      reason: 'MISSING_DEPENDENCIES',
      missing: ['content'],
      message: 'Missing module dependencies: content',
    })
    await expect(modules().enableModule(a, 'blog', { actorId: 'admin' })).resolves.toEqual({
      ok: true,
      changed: true,
    })
    await expect(modules().enableModule(a, 'blog')).resolves.toEqual({ ok: true, changed: false })
    expect((await sql`select tenant_id from blog_seed`.execute(db)).rows).toEqual([
      { tenant_id: a },
    ])
    expect((await writtenEvents(db)).at(-1)).toEqual({
      type: 'module.enabled',
      tenant_id: a,
      actor_id: 'admin',
      payload: { tenantId: a, module: 'blog' },
    })
  })

  it('refuses to disable a module an enabled module depends on, and rolls back a failing disable', async () => {
    await expect(modules().disableModule(a, 'content')).resolves.toMatchObject({
      reason: 'HAS_DEPENDENTS',
      dependents: ['blog'],
    })
    failNextHook = true
    await expect(modules().disableModule(a, 'blog')).resolves.toMatchObject({
      reason: 'HOOK_FAILED',
    })
    failNextHook = false
    await expect(modules().isModuleEnabled(a, 'blog')).resolves.toBe(true)
    await expect(modules().disableModule(a, 'blog')).resolves.toEqual({ ok: true, changed: true })
    await expect(modules().disableModule(a, 'content')).resolves.toEqual({
      ok: true,
      changed: true,
    })
    expect((await writtenEvents(db)).at(-1)).toMatchObject({
      type: 'module.disabled',
      payload: { module: 'content' },
    })
  })

  it('keeps tenants apart and guards disabled modules with 404', async () => {
    await modules().enableModule(b, 'pages')
    await expect(modules().listEnabled(b)).resolves.toEqual(['pages'])
    await expect(modules().listEnabled(a)).resolves.toEqual([])
    const guard = createModuleGuard(modules(), 'pages')
    await expect(guard(b)).resolves.toEqual({ ok: true })
    await expect(guard(a)).resolves.toEqual({
      ok: false,
      status: 404,
      code: 'NOT_FOUND',
      message: 'Module is disabled or not found',
    })
  })

  it('answers UNKNOWN_MODULE and TENANT_NOT_FOUND', async () => {
    await expect(modules().enableModule(a, 'nope')).resolves.toMatchObject({
      reason: 'UNKNOWN_MODULE',
    })
    await expect(
      modules().enableModule('00000000-0000-7000-8000-00000000ffff', 'pages'),
    ).resolves.toMatchObject({
      reason: 'TENANT_NOT_FOUND',
    })
    await expect(modules().enableModule('x', 'pages')).resolves.toMatchObject({
      reason: 'TENANT_NOT_FOUND',
    })
  })
})
