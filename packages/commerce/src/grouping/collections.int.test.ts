import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { failure, groupingServices, sqlState } from './grouping-test-kit.test-helper'

const actor = { userId: randomUUID() }

describe('collections', () => {
  let t: CommerceTestDb
  let s: ReturnType<typeof groupingServices>
  beforeAll(async () => {
    t = await commerceTestDb()
    s = groupingServices(t.db, {
      // A tenant whose readers of `de` fall back to `en`.
      locales: (_tenant, requested) => Promise.resolve([requested, 'en']),
    })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const product = (tenantId: string, title: string) =>
    s.products.create(tenantId, { translations: [{ locale: 'en', title }] }, actor)

  it('keeps products in the given order, merges texts by locale, replaces the products', async () => {
    const tenantId = randomUUID()
    const [a, b, c] = [
      await product(tenantId, 'A'),
      await product(tenantId, 'B'),
      await product(tenantId, 'C'),
    ]
    const summer = await s.collections.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Летняя коллекция' }], productIds: [c.id, a.id] },
      actor,
    )
    expect(summer.translations).toEqual([
      {
        locale: 'en',
        title: 'Летняя коллекция',
        handle: 'letnyaya-kollektsiya',
        description: null,
      },
    ])
    expect(summer.productIds).toEqual([c.id, a.id])
    const updated = await s.collections.update(
      { tenantId, id: summer.id },
      { translations: [{ locale: 'de', title: 'Sommer' }], productIds: [b.id] },
      actor,
    )
    expect(updated.translations.map((x) => [x.locale, x.handle])).toEqual([
      ['de', 'sommer'],
      ['en', 'letnyaya-kollektsiya'],
    ])
    expect(updated.productIds).toEqual([b.id])
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type.startsWith('collection.'))).toEqual([
      'collection.created',
      'collection.updated',
    ])
  })

  it("refuses another tenant's product, a taken handle, and answers NOT_FOUND across tenants", async () => {
    const tenantId = randomUUID()
    const other = randomUUID()
    const foreign = await product(other, 'Foreign')
    expect(
      await failure(
        s.collections.create(
          tenantId,
          { translations: [{ locale: 'en', title: 'X' }], productIds: [foreign.id] },
          actor,
        ),
      ),
    ).toEqual({
      code: 'INVALID_INPUT',
      errors: [{ path: 'productIds.0', message: 'is not a product of this tenant' }],
    })
    const first = await s.collections.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Sale' }] },
      actor,
    )
    expect(
      await failure(
        s.collections.create(tenantId, { translations: [{ locale: 'en', title: 'Sale' }] }, actor),
      ),
    ).toEqual({
      code: 'CONFLICT',
      errors: [{ path: 'translations.0.handle', message: '"sale" is taken' }],
    })
    // The same handle in another tenant is fine; the first tenant's id is not found there.
    await s.collections.create(other, { translations: [{ locale: 'en', title: 'Sale' }] }, actor)
    expect((await failure(s.collections.get({ tenantId: other, id: first.id }))).code).toBe(
      'NOT_FOUND',
    )
    expect(
      (await failure(s.collections.update({ tenantId: other, id: first.id }, {}, actor))).code,
    ).toBe('NOT_FOUND')
    expect(
      (await failure(s.collections.delete({ tenantId: other, id: first.id }, actor))).code,
    ).toBe('NOT_FOUND')
    // The database itself refuses a cross-tenant link.
    expect(
      await sqlState(
        sql`insert into commerce_collection_products (tenant_id, collection_id, product_id, position)
          values (${tenantId}, ${first.id}, ${foreign.id}, 0)`.execute(t.db),
      ),
    ).toBe('23503')
  })

  it('lists with counts (active products only for the storefront) and finds by handle', async () => {
    const tenantId = randomUUID()
    const live = await product(tenantId, 'Live')
    await s.products.transition({ tenantId, id: live.id }, 'publish', actor)
    const draft = await product(tenantId, 'Draft')
    const winter = await s.collections.create(
      tenantId,
      {
        translations: [
          { locale: 'en', title: 'Winter' },
          { locale: 'de', title: 'Winter DE', handle: 'winter-de' },
        ],
        productIds: [live.id, draft.id],
      },
      actor,
    )
    const spring = await s.collections.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Spring' }] },
      actor,
    )
    const admin = await s.collections.list({ tenantId }, { locale: 'de' })
    expect(admin.items.map((c) => [c.id, c.translation?.locale, c.productCount])).toEqual([
      [spring.id, 'en', 0],
      [winter.id, 'de', 2],
    ])
    const store = await s.collections.list(
      { tenantId, activeOnly: true },
      { locale: 'de', limit: 1 },
    )
    expect(store.items.map((c) => c.productCount)).toEqual([0])
    const rest = await s.collections.list(
      { tenantId, activeOnly: true },
      { locale: 'de', limit: 1, after: store.next ?? undefined },
    )
    expect(rest.items.map((c) => [c.id, c.productCount])).toEqual([[winter.id, 1]])
    expect(rest.next).toBeNull()
    expect(
      (await s.collections.byHandle({ tenantId, locale: 'de', activeOnly: true }, 'winter'))
        .translation?.title,
    ).toBe('Winter DE')
    expect(
      (await failure(s.collections.byHandle({ tenantId: randomUUID(), locale: 'en' }, 'winter')))
        .code,
    ).toBe('NOT_FOUND')
    // Deleting the collection leaves its products.
    await s.collections.delete({ tenantId, id: winter.id }, actor)
    expect((await s.products.get({ tenantId, id: live.id })).collectionIds).toEqual([])
  })
})
