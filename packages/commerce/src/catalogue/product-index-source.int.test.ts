import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { createProductIndexSource } from './product-index-source'

const actor = { userId: randomUUID() }

describe('product index source', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('loads products of one tenant with base prices and stock summed over locations', async () => {
    const tenantId = randomUUID()
    const product = await t
      .products()
      .create(tenantId, { translations: [{ locale: 'en', title: 'Tee' }], tags: ['Summer'] }, actor)
    const variantId = product.variants[0]!.id
    const pricing = t.pricing()
    await pricing.prices.add(
      { tenantId, variantId },
      { currency: 'EUR', amount: 1500, compareAt: 2000 },
      actor,
    )
    const list = await pricing.priceLists.create(tenantId, { name: 'VIP', type: 'override' }, actor)
    await pricing.prices.add(
      { tenantId, variantId },
      { currency: 'EUR', amount: 1000, priceListId: list.id },
      actor,
    )
    const inventory = t.inventory()
    for (const name of ['A', 'B']) {
      const location = await inventory.createLocation(tenantId, { name })
      await inventory.adjust({ tenantId, variantId, locationId: location.id }, { delta: 4 }, actor)
    }
    const source = createProductIndexSource({ db: t.db })
    expect(await source.ids(tenantId, { after: null, limit: 5 })).toEqual([product.id])
    expect(await source.count(tenantId)).toBe(1)
    const [record] = await source.load(tenantId, [product.id, randomUUID()])
    expect(record!.product.tags).toEqual(['summer'])
    expect(record!.prices).toEqual([{ variantId, currency: 'EUR', amount: 1500, compareAt: 2000 }])
    expect(record!.stock).toEqual([{ variantId, stocked: 8, reserved: 0 }])
    expect(await source.load(randomUUID(), [product.id])).toEqual([])
  })

  it('loads a batch exactly as getProduct reads each product', async () => {
    const tenantId = randomUUID()
    const products = t.products()
    const ids: string[] = []
    for (const [i, title] of ['Tee', 'Hoodie', 'Cap'].entries()) {
      const created = await products.create(
        tenantId,
        {
          translations: [
            { locale: 'en', title },
            { locale: 'ru', title: `${title} ру` },
          ],
          options: [
            {
              translations: [{ locale: 'en', name: 'Size' }],
              values: ['S', 'M', 'L'].slice(0, i + 1).map((label) => ({
                translations: [{ locale: 'en', label }],
              })),
            },
            {
              translations: [{ locale: 'en', name: 'Colour' }],
              values: ['Red', 'Blue'].map((label) => ({ translations: [{ locale: 'en', label }] })),
            },
          ],
          tags: [`tag-${i}`],
          images: [{ url: `https://example.com/${i}.png` }],
        },
        actor,
      )
      ids.push(created.id)
    }
    const one = await Promise.all(ids.map((id) => products.get({ tenantId, id })))
    const batch = await createProductIndexSource({ db: t.db }).load(tenantId, ids)
    expect(batch.map((record) => record.product)).toEqual(
      [...one].sort((a, b) => (a.id < b.id ? -1 : 1)),
    )
  })
})
