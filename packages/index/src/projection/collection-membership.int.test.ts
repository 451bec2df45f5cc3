import { randomUUID } from 'node:crypto'
import { createCollectionService } from '@rustok/commerce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rebuildIndex } from '../rebuild/rebuild'
import { EN_RU, indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { readProductDocuments } from './document-reads'

const actor = { userId: null, scope: 'all' as const }

describe("a collection's membership changes reach the products' documents through its events", () => {
  let t: IndexTestDb
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('adds the collection to products that join it and removes it from those that leave', async () => {
    const tenantId = randomUUID()
    const collections = createCollectionService({ db: t.db, events: t.outbox })
    const ids: string[] = []
    for (const title of ['Tee', 'Shorts', 'Cap']) {
      const product = await t.products.create(
        tenantId,
        { translations: [{ locale: 'en', title }] },
        actor,
      )
      ids.push(product.id)
    }
    const [tee, shorts, cap] = ids as [string, string, string]
    await t.drain()
    const collectionsOf = async () => {
      const documents = await readProductDocuments(t.db, { tenantId, generation: 0 })
      return Object.fromEntries(
        documents
          .filter((doc) => doc.locale === 'en')
          .map((doc) => [doc.productId, [...doc.collectionIds]]),
      )
    }

    // Created with two products: only collection.created says so.
    const summer = await collections.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Summer' }], productIds: [tee, shorts] },
      actor,
    )
    await t.drain()
    expect(await collectionsOf()).toEqual({ [tee]: [summer.id], [shorts]: [summer.id], [cap]: [] })

    // Shorts leave, the cap joins: one collection.updated.
    await collections.update({ tenantId, id: summer.id }, { productIds: [tee, cap] }, actor)
    await t.drain()
    expect(await collectionsOf()).toEqual({ [tee]: [summer.id], [shorts]: [], [cap]: [summer.id] })

    // And the live projection is what a rebuild writes.
    const live = await readProductDocuments(t.db, { tenantId, generation: 0 })
    const status = await rebuildIndex(
      { db: t.db, sources: SOURCES, locales: EN_RU },
      { tenantId, entity: 'products' },
    )
    const rebuilt = await readProductDocuments(t.db, { tenantId, generation: status.active })
    const membership = (docs: typeof live) =>
      docs.map((doc) => [doc.productId, doc.locale, doc.collectionIds])
    expect(membership(rebuilt)).toEqual(membership(live))
  })
})
