import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexTestDb, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { createPgSearchEngine } from './pg-search-engine'
import type { SearchEngine } from './search-port'

const actor = { userId: randomUUID() }

describe('product projection and search on PostgreSQL', () => {
  let t: IndexTestDb
  let search: SearchEngine
  const tenantId = randomUUID()
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    t = await indexTestDb()
    search = createPgSearchEngine({ db: t.db })
    const shirts = await t.productCategories.create(
      tenantId,
      {
        translations: [
          { locale: 'en', name: 'Shirts' },
          { locale: 'ru', name: 'Рубашки' },
        ],
      },
      actor,
    )
    const location = await t.inventory.createLocation(tenantId, { name: 'Main' })
    const make = async (spec: {
      key: string
      title: string
      ru?: string
      amount: number
      compareAt?: number
      stock: number
      tags: string[]
      publish: boolean
      category?: boolean
    }) => {
      const product = await t.products.create(
        tenantId,
        {
          translations: [
            { locale: 'en', title: spec.title, description: `The ${spec.title} in cotton.` },
            ...(spec.ru ? [{ locale: 'ru', title: spec.ru }] : []),
          ],
          tags: spec.tags,
          ...(spec.category ? { categoryIds: [shirts.id] } : {}),
        },
        actor,
      )
      const variantId = product.variants[0]!.id
      await t.pricing.prices.add(
        { tenantId, variantId },
        { currency: 'EUR', amount: spec.amount, compareAt: spec.compareAt ?? null },
        actor,
      )
      if (spec.stock > 0)
        await t.inventory.adjust(
          { tenantId, variantId, locationId: location.id },
          { delta: spec.stock },
          actor,
        )
      if (spec.publish) await t.products.transition({ tenantId, id: product.id }, 'publish', actor)
      ids[spec.key] = product.id
    }
    await make({
      key: 'linen',
      title: 'Linen shirt',
      ru: 'Льняная рубашка',
      amount: 4_000,
      compareAt: 5_000,
      stock: 3,
      tags: ['summer'],
      publish: true,
      category: true,
    })
    await make({
      key: 'oxford',
      title: 'Oxford shirt',
      amount: 7_000,
      stock: 0,
      tags: ['office'],
      publish: true,
      category: true,
    })
    await make({
      key: 'socks',
      title: 'Wool socks',
      amount: 900,
      stock: 10,
      tags: ['winter'],
      publish: true,
    })
    await make({
      key: 'draft',
      title: 'Draft shirt',
      amount: 2_000,
      stock: 1,
      tags: ['summer'],
      publish: false,
    })
    await t.drain()
  }, 120_000)
  afterAll(() => t.testDb.destroy())

  it('denormalises prices, sale, stock and category per locale', async () => {
    const rows = await t.db
      .selectFrom('index_products')
      .select([
        'locale',
        'text_locale',
        'title',
        'prices',
        'on_sale',
        'in_stock',
        'inventory_total',
        'category_names',
      ])
      .where('product_id', '=', ids['linen']!)
      .orderBy('locale')
      .execute()
    expect(rows).toEqual([
      {
        locale: 'en',
        text_locale: 'en',
        title: 'Linen shirt',
        prices: { EUR: { min: 4000, max: 4000 } },
        on_sale: true,
        in_stock: true,
        inventory_total: 3,
        category_names: ['Shirts'],
      },
      {
        locale: 'ru',
        text_locale: 'ru',
        title: 'Льняная рубашка',
        prices: { EUR: { min: 4000, max: 4000 } },
        on_sale: true,
        in_stock: true,
        inventory_total: 3,
        category_names: ['Рубашки'],
      },
    ])
  })

  it('filters by stock, sale and price, and facet counts equal the filtered totals', async () => {
    const base = { tenantId, locale: 'en', q: 'shirt', currency: 'EUR', facets: true }
    const all = await search.searchProducts(base)
    expect(all.items.map((hit) => hit.id).sort()).toEqual([ids['linen'], ids['oxford']].sort())
    expect(all.facets?.category.map((f) => [f.label, f.count])).toEqual([['Shirts', 2]])
    for (const band of all.facets!.price!) {
      const [min, max] = band.value.split('-')
      const filtered = await search.searchProducts({
        ...base,
        priceMin: Number(min),
        ...(max ? { priceMax: Number(max) - 1 } : {}),
      })
      expect(filtered.total).toBe(band.count)
    }
    for (const tag of all.facets!.tag) {
      expect((await search.searchProducts({ ...base, tag: tag.value })).total).toBe(tag.count)
    }
    expect(
      (await search.searchProducts({ ...base, inStock: true })).items.map((h) => h.id),
    ).toEqual([ids['linen']])
    expect((await search.searchProducts({ ...base, onSale: true })).items.map((h) => h.id)).toEqual(
      [ids['linen']],
    )
    const admin = await search.searchProducts({ ...base, publishedOnly: false })
    expect(admin.total).toBe(3)
  })

  it('sorts by price and pages with keyset cursors', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await search.searchProducts({
        tenantId,
        locale: 'en',
        currency: 'EUR',
        sort: 'price_desc',
        limit: 1,
        publishedOnly: false,
        ...(cursor ? { cursor } : {}),
      })
      seen.push(...page.items.map((hit) => hit.id))
      cursor = page.next ?? undefined
    } while (cursor)
    expect(seen).toEqual([ids['oxford'], ids['linen'], ids['draft'], ids['socks']])
  })

  it('follows an archive and a deletion', async () => {
    const socks = { tenantId, id: ids['socks']! }
    await t.products.transition(socks, 'archive', actor)
    await t.drain()
    expect((await search.searchProducts({ tenantId, locale: 'en', q: 'socks' })).total).toBe(0)
    const admin = { tenantId, locale: 'en', q: 'socks', publishedOnly: false }
    expect((await search.searchProducts(admin)).total).toBe(1)
    await t.products.delete(socks, actor)
    await t.drain()
    expect((await search.searchProducts(admin)).total).toBe(0)
  })
})
