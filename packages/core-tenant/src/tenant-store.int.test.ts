import { fixedClock, createTestDb, sequentialIds, type TestDb } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventWriter } from './event-writer'
import { createMemoryCache } from '@rustok/core-cache'
import {
  testEventWriter,
  testEventsMigrations,
  writtenEvents,
} from './internal/test-events.test-helper'
import type { Tenant } from './tenant'
import { createTenantCache } from './tenant-cache'
import { tenantMigrations } from './tenant-migrations'
import { createTenantResolver } from './tenant-resolver'
import { createTenantStore } from './tenant-store'
import type { TenantTables } from './tenant-tables'

describe('createTenantStore', () => {
  let testDb: TestDb<TenantTables>
  let db: Kysely<TenantTables>
  const clock = fixedClock()
  const changed: Array<[string, string | undefined]> = []
  const newId = sequentialIds(1)
  const makeStore = (events: EventWriter = testEventWriter()) =>
    createTenantStore({
      db,
      events,
      now: () => clock.now(),
      newId,
      onChanged: (tenant, previous) => {
        changed.push([tenant.slug, previous?.slug])
      },
    })

  beforeAll(async () => {
    testDb = await createTestDb<TenantTables>({ modules: [tenantMigrations, testEventsMigrations] })
    db = testDb.db
  })
  afterAll(() => testDb.destroy())

  it('creates a tenant with its default locale and a tenant.created event in one transaction', async () => {
    const result = await makeStore().create(
      { slug: ' Acme ', name: ' Acme Inc ', domain: 'Shop.Acme.test', defaultLocale: 'pt-br' },
      { actorId: 'admin-1' },
    )
    expect(result).toEqual({
      ok: true,
      tenant: {
        id: '00000000-0001-7000-8000-000000000001',
        slug: 'acme',
        name: 'Acme Inc',
        domain: 'shop.acme.test',
        defaultLocale: 'pt-BR',
        active: true,
        settings: {},
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    })
    const locales = await db.selectFrom('tenant_locales').selectAll().execute()
    expect(locales).toEqual([
      {
        tenant_id: '00000000-0001-7000-8000-000000000001',
        locale: 'pt-BR',
        fallback: null,
        enabled: true,
        position: 0,
      },
    ])
    expect(await writtenEvents(db)).toEqual([
      {
        type: 'tenant.created',
        tenant_id: '00000000-0001-7000-8000-000000000001',
        actor_id: 'admin-1',
        payload: { tenantId: '00000000-0001-7000-8000-000000000001' },
      },
    ])
    expect(changed.at(-1)).toEqual(['acme', undefined])
  })

  it('answers CONFLICT for a taken slug or domain and INVALID_INPUT for bad input', async () => {
    const store = makeStore()
    await expect(store.create({ slug: 'ACME', name: 'Other' })).resolves.toMatchObject({
      ok: false,
      reason: 'CONFLICT',
      field: 'slug',
    })
    await expect(
      store.create({ slug: 'other', name: 'Other', domain: 'shop.acme.test' }),
    ).resolves.toMatchObject({
      reason: 'CONFLICT',
      field: 'domain',
    })
    await expect(store.create({ slug: 'admin', name: '' })).rejects.toMatchObject({
      name: 'CoreTenantError',
      code: 'INVALID_INPUT',
      issues: [
        { path: 'slug', message: "Identifier 'admin' is reserved and cannot be used" },
        { path: 'name', message: 'must not be empty' },
      ],
    })
  })

  it('maps a unique violation that slips past the check (a race) to CONFLICT', async () => {
    const store = makeStore()
    const results = await Promise.all([
      store.create({ slug: 'racer', name: 'One' }),
      store.create({ slug: 'racer', name: 'Two' }),
    ])
    expect(results.map((result) => result.ok).sort()).toEqual([false, true])
  })

  it('rolls the tenant back when its event cannot be written', async () => {
    const failing: EventWriter = {
      publishInTx: () => Promise.reject(new Error('outbox down')),
    }
    await expect(makeStore(failing).create({ slug: 'ghost', name: 'Ghost' })).rejects.toThrow(
      'outbox down',
    )
    await expect(makeStore().getBySlug('ghost')).resolves.toBeUndefined()
    expect(
      await db.selectFrom('tenant_locales').select('locale').where('locale', '=', 'en').execute(),
    ).toEqual([{ locale: 'en' }])
  })

  it('updates, disables and enables with one event per real change', async () => {
    const store = makeStore()
    const acme = (await store.getBySlug('acme')) as Tenant
    const before = (await writtenEvents(db)).length
    clock.advance(1_000)
    const updated = await store.update(
      acme.id,
      { slug: 'acme-2', settings: { theme: 'dark' } },
      { actorId: 'u' },
    )
    expect(updated).toMatchObject({
      ok: true,
      changed: true,
      tenant: { slug: 'acme-2', settings: { theme: 'dark' } },
    })
    expect(changed.at(-1)).toEqual(['acme-2', 'acme'])
    await expect(store.update(acme.id, { slug: 'acme-2' })).resolves.toMatchObject({
      changed: false,
    })
    await expect(store.update(acme.id, { slug: 'racer' })).resolves.toMatchObject({
      reason: 'CONFLICT',
    })
    await expect(store.disable(acme.id)).resolves.toMatchObject({
      changed: true,
      tenant: { active: false },
    })
    await expect(store.disable(acme.id)).resolves.toMatchObject({ changed: false })
    await expect(store.enable(acme.id)).resolves.toMatchObject({
      changed: true,
      tenant: { active: true },
    })
    await expect(store.update(acme.id, { defaultLocale: 'de' })).resolves.toMatchObject({
      changed: true,
    })
    const types = (await writtenEvents(db)).slice(before).map((event) => event.type)
    expect(types).toEqual(['tenant.updated', 'tenant.disabled', 'tenant.updated', 'tenant.updated'])
    await expect(
      store.update('00000000-0000-7000-8000-00000000ffff', { name: 'x' }),
    ).resolves.toMatchObject({
      reason: 'NOT_FOUND',
    })
    await expect(store.disable('not-a-uuid')).resolves.toMatchObject({ reason: 'NOT_FOUND' })
  })

  it('resolves through the cache: disabled → 403, unknown → 404, invalid → 400, and invalidates on change', async () => {
    const store = createTenantStore({
      db,
      events: testEventWriter(),
      onChanged: (tenant, previous) => tenantCache.invalidate(tenant, previous),
    })
    const tenantCache = createTenantCache({ cache: createMemoryCache<Tenant>(), lookup: store })
    const resolver = createTenantResolver({ lookup: tenantCache, modes: ['header', 'host'] })
    const byHeader = (value: string) =>
      resolver.resolve({ headers: new Headers({ 'x-tenant-id': value }) })

    const created = await store.create({ slug: 'shop', name: 'Shop', domain: 'shop.test' })
    if (!created.ok) throw new Error('setup failed')
    await expect(byHeader('shop')).resolves.toMatchObject({
      ok: true,
      tenant: { id: created.tenant.id },
    })
    await expect(
      resolver.resolve({ headers: new Headers({ host: 'shop.test:80' }) }),
    ).resolves.toMatchObject({
      ok: true,
    })
    await store.disable(created.tenant.id)
    await expect(byHeader('shop')).resolves.toMatchObject({ ok: false, status: 403 })
    await expect(byHeader(created.tenant.id)).resolves.toMatchObject({ status: 403 })
    await expect(byHeader('nobody-here')).resolves.toMatchObject({ status: 404 })
    await expect(byHeader('-bad-')).resolves.toMatchObject({ status: 400 })
  })

  it('reads each tenant by id, slug and host, never another', async () => {
    const store = makeStore()
    const a = await store.create({ slug: 'tenant-a', name: 'A', domain: 'a.test' })
    const b = await store.create({ slug: 'tenant-b', name: 'B', domain: 'b.test' })
    if (!a.ok || !b.ok) throw new Error('setup failed')
    expect((await store.getById(a.tenant.id.toUpperCase()))?.slug).toBe('tenant-a')
    expect((await store.getByHost('B.TEST'))?.id).toBe(b.tenant.id)
    expect(await store.getById('nope')).toBeUndefined()
    expect(await store.getBySlug('api')).toBeUndefined()
  })
})
