import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, groupingServices } from '../grouping/grouping-test-kit.test-helper'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import type { OptionInput } from './product-schemas'

const actor = { userId: randomUUID() }
const option = (name: string, labels: readonly string[]): OptionInput => ({
  translations: [{ locale: 'en', name }],
  values: labels.map((label) => ({ translations: [{ locale: 'en', label }] })),
})

describe('product updates, variants, tags, categories and images', () => {
  let t: CommerceTestDb
  let s: ReturnType<typeof groupingServices>
  const media = new Map<string, string>()
  beforeAll(async () => {
    t = await commerceTestDb()
    s = groupingServices(t.db, {
      media: (tenantId, ids) =>
        Promise.resolve(new Set(ids.filter((id) => media.get(id) === tenantId))),
    })
    console.info(`[commerce] product updates on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('merges texts by locale, keeps the handle on a rename, and drops a locale on purpose', async () => {
    const tenantId = randomUUID()
    const mug = await s.products.create(
      tenantId,
      {
        translations: [
          { locale: 'en', title: 'Mug', description: 'Stoneware' },
          { locale: 'de', title: 'Becher' },
        ],
      },
      actor,
    )
    const updated = await s.products.update(
      { tenantId, id: mug.id },
      {
        translations: [
          { locale: 'en', title: 'Big mug' },
          { locale: 'ru', title: 'Кружка' },
        ],
        removeLocales: ['de'],
        weight: 350,
      },
      actor,
    )
    expect(updated.translations.map((x) => [x.locale, x.title, x.handle, x.description])).toEqual([
      ['en', 'Big mug', 'mug', 'Stoneware'],
      ['ru', 'Кружка', 'kruzhka', null],
    ])
    expect(updated.weight).toBe(350)
    expect(
      await failure(
        s.products.update({ tenantId, id: mug.id }, { removeLocales: ['en', 'ru'] }, actor),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'removeLocales' }] })
    expect(
      await failure(
        s.products.update({ tenantId, id: mug.id }, { translations: [{ locale: 'fr' }] }, actor),
      ),
    ).toEqual({
      code: 'INVALID_INPUT',
      errors: [{ path: 'translations.0.title', message: 'is required for a new locale' }],
    })
    expect(
      (
        await failure(
          s.products.update({ tenantId: randomUUID(), id: mug.id }, { weight: 1 }, actor),
        )
      ).code,
    ).toBe('NOT_FOUND')
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type === 'product.updated')).toHaveLength(1)
  })

  it('replaces tags, categories and images; media ids must be the tenant’s', async () => {
    const tenantId = randomUUID()
    const photo = randomUUID()
    media.set(photo, tenantId)
    const foreignPhoto = randomUUID()
    media.set(foreignPhoto, randomUUID())
    const shirts = await s.categories.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Shirts' }] },
      actor,
    )
    const tee = await s.products.create(
      tenantId,
      {
        translations: [{ locale: 'en', title: 'Tee' }],
        tags: ['Cotton', 'summer', 'cotton'],
        images: [{ url: 'https://cdn.example.com/tee.jpg', alt: 'Front' }, { mediaId: photo }],
      },
      actor,
    )
    expect(tee.tags).toEqual(['cotton', 'summer'])
    expect(tee.images).toEqual([
      { position: 0, mediaId: null, url: 'https://cdn.example.com/tee.jpg', alt: 'Front' },
      { position: 1, mediaId: photo, url: null, alt: null },
    ])
    const updated = await s.products.update(
      { tenantId, id: tee.id },
      { tags: ['organic'], categoryIds: [shirts.id] },
      actor,
    )
    expect(updated).toMatchObject({ tags: ['organic'], categoryIds: [shirts.id] })
    expect(updated.images).toHaveLength(2)
    expect(
      await failure(
        s.products.update({ tenantId, id: tee.id }, { images: [{ mediaId: foreignPhoto }] }, actor),
      ),
    ).toEqual({
      code: 'INVALID_INPUT',
      errors: [{ path: 'images.0.mediaId', message: 'is not a media item of this tenant' }],
    })
    const foreignCategory = await s.categories.create(
      randomUUID(),
      { translations: [{ locale: 'en', name: 'Elsewhere' }] },
      actor,
    )
    expect(
      (
        await failure(
          s.products.update({ tenantId, id: tee.id }, { categoryIds: [foreignCategory.id] }, actor),
        )
      ).errors,
    ).toEqual([{ path: 'categoryIds.0', message: 'is not a product category of this tenant' }])
    // Nothing of a refused update was written.
    expect((await s.products.get({ tenantId, id: tee.id })).categoryIds).toEqual([shirts.id])
    // Without the content module, media ids are refused with a hint.
    const bare = groupingServices(t.db)
    expect(
      (
        await failure(
          bare.products.update({ tenantId, id: tee.id }, { images: [{ mediaId: photo }] }, actor),
        )
      ).errors,
    ).toEqual([
      { path: 'images.0.mediaId', message: 'needs the content module (media); give a url instead' },
    ])
  })

  it('filters lists by collection, category (with its subtree) and tag; each item has its thumbnail', async () => {
    const tenantId = randomUUID()
    const clothing = await s.categories.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Clothing' }] },
      actor,
    )
    const shirts = await s.categories.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Shirts' }], parentId: clothing.id },
      actor,
    )
    const make = (title: string, extra: object) =>
      s.products.create(tenantId, { translations: [{ locale: 'en', title }], ...extra }, actor)
    const tee = await make('Tee', {
      categoryIds: [shirts.id],
      tags: ['summer'],
      images: [{ url: 'https://cdn.example.com/tee.jpg' }],
    })
    const coat = await make('Coat', { categoryIds: [clothing.id], tags: ['winter'] })
    const mug = await make('Mug', { tags: ['summer'] })
    const picks = await s.collections.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Picks' }], productIds: [mug.id, coat.id] },
      actor,
    )
    const ids = async (filter: object) =>
      (await s.products.list({ tenantId }, filter)).items.map((item) => item.id).sort()
    expect(await ids({ categoryId: clothing.id })).toEqual([tee.id, coat.id].sort())
    expect(await ids({ categoryId: shirts.id })).toEqual([tee.id])
    expect(await ids({ tag: 'SUMMER' })).toEqual([tee.id, mug.id].sort())
    expect(await ids({ collectionId: picks.id })).toEqual([mug.id, coat.id].sort())
    expect(await ids({ collectionId: picks.id, tag: 'winter' })).toEqual([coat.id])
    expect(await ids({ categoryId: randomUUID() })).toEqual([])
    const page = await s.products.list({ tenantId }, {})
    expect(page.items.find((item) => item.id === tee.id)?.thumbnail?.url).toBe(
      'https://cdn.example.com/tee.jpg',
    )
    expect(page.items.find((item) => item.id === mug.id)?.thumbnail).toBeNull()
  })

  it('adds, updates and deletes variants with the rules of a combination', async () => {
    const tenantId = randomUUID()
    const hat = await s.products.create(
      tenantId,
      {
        translations: [{ locale: 'en', title: 'Hat' }],
        options: [option('Size', ['S', 'M']), option('Colour', ['Red', 'Blue'])],
        variants: [{ values: [0, 0], sku: 'HAT-S-RED' }],
      },
      actor,
    )
    const [size, colour] = hat.options
    const value = (o: typeof size, i: number) => o?.values[i]?.id ?? ''
    const added = await s.products.addVariant(
      { tenantId, id: hat.id },
      { valueIds: [value(colour, 1), value(size, 1)], sku: 'HAT-M-BLUE' },
      actor,
    )
    expect(added.variants).toHaveLength(2)
    expect(added.variants[1]?.valueIds).toEqual([value(size, 1), value(colour, 1)])
    expect(
      await failure(
        s.products.addVariant(
          { tenantId, id: hat.id },
          { valueIds: [value(size, 0), value(colour, 0)] },
          actor,
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'valueIds' }] })
    expect(
      (
        await failure(
          s.products.addVariant({ tenantId, id: hat.id }, { valueIds: [value(size, 0)] }, actor),
        )
      ).errors,
    ).toEqual([{ path: 'valueIds', message: 'must name one value of each of the 2 options' }])
    const other = await s.products.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Cap' }], options: [option('Size', ['S'])] },
      actor,
    )
    expect(
      (
        await failure(
          s.products.addVariant(
            { tenantId, id: hat.id },
            { valueIds: [other.options[0]?.values[0]?.id ?? '', value(colour, 1)] },
            actor,
          ),
        )
      ).errors,
    ).toEqual([{ path: 'valueIds.0', message: 'is not a value of this product' }])
    const second = added.variants[1]?.id ?? ''
    expect(
      await failure(
        s.products.updateVariant(
          { tenantId, id: hat.id, variantId: second },
          { sku: 'HAT-S-RED' },
          actor,
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT' })
    const renamed = await s.products.updateVariant(
      { tenantId, id: hat.id, variantId: second },
      { sku: 'HAT-M-NAVY', allowBackorder: true },
      actor,
    )
    expect(renamed.variants[1]).toMatchObject({ sku: 'HAT-M-NAVY', allowBackorder: true })
    expect(
      (
        await failure(
          s.products.updateVariant(
            { tenantId, id: other.id, variantId: second },
            { rank: 1 },
            actor,
          ),
        )
      ).code,
    ).toBe('NOT_FOUND')
    // A reserved variant stays; the last variant stays.
    const inventory = t.inventory()
    const location = await inventory.createLocation(tenantId, { name: 'Main' })
    const ref = { tenantId, variantId: second, locationId: location.id }
    await inventory.adjust(ref, { delta: 5, reason: 'stock' }, actor)
    const reservation = await inventory.reserve(
      ref,
      { quantity: 1, reference: 'cart:1', expiresAt: new Date(Date.now() + 60_000) },
      actor,
    )
    expect(
      await failure(s.products.deleteVariant({ tenantId, id: hat.id, variantId: second }, actor)),
    ).toMatchObject({ code: 'CONFLICT' })
    await inventory.release({ tenantId, id: reservation.id }, actor)
    const left = await s.products.deleteVariant({ tenantId, id: hat.id, variantId: second }, actor)
    expect(left.variants.map((v) => v.sku)).toEqual(['HAT-S-RED'])
    expect(
      await failure(
        s.products.deleteVariant(
          { tenantId, id: hat.id, variantId: left.variants[0]?.id ?? '' },
          actor,
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT' })
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type.startsWith('variant.'))).toEqual([
      'variant.created',
      'variant.created',
      'variant.created',
      'variant.updated',
      'variant.deleted',
    ])
  })

  it('two parallel deletes of the last two variants: one wins, one variant stays', async () => {
    const tenantId = randomUUID()
    const p = await s.products.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Pair' }], options: [option('Size', ['S', 'M'])] },
      actor,
    )
    const settled = await Promise.allSettled(
      p.variants.map((v) =>
        s.products.deleteVariant({ tenantId, id: p.id, variantId: v.id }, actor),
      ),
    )
    expect(settled.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect((await s.products.get({ tenantId, id: p.id })).variants).toHaveLength(1)
  })
})
