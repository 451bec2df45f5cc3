import { randomUUID } from 'node:crypto'
import { createEnvelope } from '@rustok/core-events'
import { localeEnabled } from '@rustok/core-tenant'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IndexLocale } from '../documents/index-locales'
import type { IndexEntity } from '../index-tables'
import { readProductDocuments } from '../projection/document-reads'
import { createIndexHandlers, INDEX_LOCALES_HANDLER } from '../projection/index-handlers'
import { indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { rebuildIndex, rebuildStatus } from './rebuild'

const actor = { userId: null, scope: 'all' as const }

describe("a change of a tenant's locales restarts its rebuilds", () => {
  let t: IndexTestDb
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('enabling a locale starts a rebuild that writes its documents; a redelivery starts none', async () => {
    const tenantId = randomUUID()
    let current: IndexLocale[] = [{ locale: 'en', candidates: ['en'] }]
    const deps = { db: t.db, sources: SOURCES, locales: () => Promise.resolve(current) }
    const requested: [string, IndexEntity][] = []
    const handlers = createIndexHandlers({
      ...deps,
      onRebuildRequested: (tenant, entity) => requested.push([tenant, entity]),
    })
    const onLocales = handlers.find((handler) => handler.name === INDEX_LOCALES_HANDLER)!
    await t.products.create(
      tenantId,
      {
        translations: [
          { locale: 'en', title: 'Shirt' },
          { locale: 'de', title: 'Hemd' },
        ],
      },
      actor,
    )
    await rebuildIndex(deps, { tenantId, entity: 'products' })
    const before = await rebuildStatus(t.db, { tenantId, entity: 'products' })
    const locales = async (generation: number) =>
      (await readProductDocuments(t.db, { tenantId, generation })).map((doc) => [
        doc.locale,
        doc.title,
      ])
    expect(await locales(before.active)).toEqual([['en', 'Shirt']])

    current = [...current, { locale: 'de', candidates: ['de', 'en'] }]
    const enabled = createEnvelope(localeEnabled, { tenantId, locale: 'de' }, { tenantId })
    expect(await onLocales.apply(enabled)).toBe(true)
    expect(requested).toEqual([
      [tenantId, 'content'],
      [tenantId, 'products'],
    ])
    const restarted = await rebuildStatus(t.db, { tenantId, entity: 'products' })
    expect(restarted).toMatchObject({ active: before.active, building: before.active + 1 })
    // Readers still see the old generation until the rebuild switches.
    expect(await locales(restarted.active)).toEqual([['en', 'Shirt']])

    const done = await rebuildIndex(deps, { tenantId, entity: 'products' })
    expect(done.building).toBeNull()
    expect(await locales(done.active)).toEqual([
      ['de', 'Hemd'],
      ['en', 'Shirt'],
    ])

    expect(await onLocales.apply(enabled)).toBe(false)
    expect(requested).toHaveLength(2)
    expect((await rebuildStatus(t.db, { tenantId, entity: 'products' })).building).toBeNull()
  })
})
