import { createTestDb, sequentialIds, type TestDb } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  testEventWriter,
  testEventsMigrations,
  writtenEvents,
} from './internal/test-events.test-helper'
import { resolveTranslation } from './resolve-translation'
import { createTenantLocales } from './tenant-locales'
import { tenantMigrations } from './tenant-migrations'
import { createTenantStore } from './tenant-store'
import type { TenantTables } from './tenant-tables'

describe('createTenantLocales', () => {
  let testDb: TestDb<TenantTables>
  let db: Kysely<TenantTables>
  let a: string
  let b: string
  const changed: string[] = []
  const locales = () =>
    createTenantLocales({
      db,
      events: testEventWriter(),
      onTenantChanged: (id) => void changed.push(id),
    })

  beforeAll(async () => {
    testDb = await createTestDb<TenantTables>({ modules: [tenantMigrations, testEventsMigrations] })
    db = testDb.db
    const store = createTenantStore({ db, events: testEventWriter(), newId: sequentialIds(3) })
    const created = await Promise.all([
      store.create({ slug: 'tenant-a', name: 'A' }),
      store.create({ slug: 'tenant-b', name: 'B', defaultLocale: 'de' }),
    ])
    ;[a, b] = created.map((result) => (result.ok ? result.tenant.id : '')) as [string, string]
  })
  afterAll(() => testDb.destroy())

  it('adds locales with fallbacks and builds the chain for resolveTranslation', async () => {
    await expect(locales().addLocale(a, { locale: 'es' })).resolves.toEqual({
      ok: true,
      changed: true,
    })
    await expect(
      locales().addLocale(a, { locale: 'pt-br', fallback: 'es' }, { actorId: 'u' }),
    ).resolves.toEqual({
      ok: true,
      changed: true,
    })
    expect((await writtenEvents(db)).at(-1)).toEqual({
      type: 'locale.enabled',
      tenant_id: a,
      actor_id: 'u',
      payload: { tenantId: a, locale: 'pt-BR' },
    })
    await expect(locales().list(a)).resolves.toEqual([
      { locale: 'en', fallback: null, enabled: true, position: 0, isDefault: true },
      { locale: 'es', fallback: null, enabled: true, position: 1, isDefault: false },
      { locale: 'pt-BR', fallback: 'es', enabled: true, position: 2, isDefault: false },
    ])
    const chain = await locales().fallbackChain(a)
    if (!chain) throw new Error('no chain')
    const titles = new Map([
      ['en', 'Hello'],
      ['es', 'Hola'],
    ])
    expect(resolveTranslation(titles, 'pt-BR', chain)).toMatchObject({
      locale: 'es',
      match: 'fallback',
    })
    expect(resolveTranslation(titles, 'fr', chain)).toMatchObject({
      locale: 'en',
      match: 'default',
    })
  })

  it('refuses unknown fallbacks, duplicates and bad codes', async () => {
    await expect(locales().addLocale(a, { locale: 'fr', fallback: 'it' })).resolves.toMatchObject({
      reason: 'UNKNOWN_FALLBACK',
    })
    await expect(locales().addLocale(a, { locale: 'fr', fallback: 'fr' })).resolves.toMatchObject({
      reason: 'UNKNOWN_FALLBACK',
    })
    await expect(locales().addLocale(a, { locale: 'es' })).resolves.toMatchObject({
      reason: 'ALREADY_ENABLED',
    })
    await expect(locales().addLocale(a, { locale: 'english' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'locale', message: 'must be a locale code such as "en" or "pt-BR"' }],
    })
  })

  it('sets the default, protects it from being disabled, and keeps tenants apart', async () => {
    await expect(locales().setDefault(a, 'it')).resolves.toMatchObject({ reason: 'UNKNOWN_LOCALE' })
    await expect(locales().setDefault(a, 'ES')).resolves.toEqual({ ok: true, changed: true })
    expect(changed).toEqual([a])
    expect((await writtenEvents(db)).at(-1)).toMatchObject({ type: 'tenant.updated', tenant_id: a })
    await expect(locales().disableLocale(a, 'es')).resolves.toMatchObject({ reason: 'IS_DEFAULT' })
    await expect(locales().disableLocale(a, 'en')).resolves.toEqual({ ok: true, changed: true })
    await expect(locales().disableLocale(a, 'en')).resolves.toEqual({ ok: true, changed: false })
    expect((await writtenEvents(db)).at(-1)).toMatchObject({
      type: 'locale.disabled',
      payload: { locale: 'en' },
    })
    const chain = await locales().fallbackChain(a)
    expect(chain?.defaultLocale).toBe('es')
    expect([...(chain?.fallbacks.keys() ?? [])]).toEqual(['es', 'pt-BR'])
    await expect(locales().list(b)).resolves.toEqual([
      { locale: 'de', fallback: null, enabled: true, position: 0, isDefault: true },
    ])
    await expect(locales().addLocale(b, { locale: 'fr', fallback: 'es' })).resolves.toMatchObject({
      reason: 'UNKNOWN_FALLBACK',
    })
    await expect(locales().list('00000000-0000-7000-8000-00000000ffff')).resolves.toEqual([])
    await expect(locales().setDefault('nope', 'en')).resolves.toMatchObject({
      reason: 'TENANT_NOT_FOUND',
    })
  })

  it('changes and clears a fallback, checking both locales', async () => {
    const c = await createTenantStore({
      db,
      events: testEventWriter(),
      newId: sequentialIds(4),
    }).create({ slug: 'tenant-c', name: 'C' })
    if (!c.ok) throw new Error('tenant-c not created')
    const id = c.tenant.id
    await locales().addLocale(id, { locale: 'es' })
    await locales().addLocale(id, { locale: 'pt' })
    await expect(
      locales().setFallback(id, { locale: 'PT', fallback: 'es' }, { actorId: 'u' }),
    ).resolves.toEqual({ ok: true, changed: true })
    expect((await writtenEvents(db)).at(-1)).toEqual({
      type: 'tenant.updated',
      tenant_id: id,
      actor_id: 'u',
      payload: { tenantId: id },
    })
    await expect(locales().setFallback(id, { locale: 'pt', fallback: 'es' })).resolves.toEqual({
      ok: true,
      changed: false,
    })
    expect((await locales().list(id)).find((l) => l.locale === 'pt')?.fallback).toBe('es')
    await expect(locales().setFallback(id, { locale: 'pt', fallback: null })).resolves.toEqual({
      ok: true,
      changed: true,
    })
    expect((await locales().list(id)).find((l) => l.locale === 'pt')?.fallback).toBeNull()
    await expect(
      locales().setFallback(id, { locale: 'fr', fallback: 'es' }),
    ).resolves.toMatchObject({ reason: 'UNKNOWN_LOCALE' })
    for (const fallback of ['pt', 'it']) {
      await expect(locales().setFallback(id, { locale: 'pt', fallback })).resolves.toMatchObject({
        reason: 'UNKNOWN_FALLBACK',
      })
    }
    await locales().disableLocale(id, 'es')
    await expect(
      locales().setFallback(id, { locale: 'pt', fallback: 'es' }),
    ).resolves.toMatchObject({ reason: 'UNKNOWN_FALLBACK' })
    // Another tenant's locale is not this tenant's.
    await expect(locales().setFallback(b, { locale: 'es', fallback: null })).resolves.toMatchObject(
      { reason: 'UNKNOWN_LOCALE' },
    )
    await expect(locales().setFallback(id, { locale: 'x', fallback: null })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'locale' }],
    })
  })
})
