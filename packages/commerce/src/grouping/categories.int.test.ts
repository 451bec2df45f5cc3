import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { isCommerceError } from '../commerce-error'
import { failure, groupingServices, sqlState } from './grouping-test-kit.test-helper'

const actor = { userId: randomUUID() }

describe('product categories', () => {
  let t: CommerceTestDb
  let s: ReturnType<typeof groupingServices>
  beforeAll(async () => {
    t = await commerceTestDb()
    s = groupingServices(t.db)
    console.info(`[commerce] product categories on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const named = (tenantId: string, name: string, parentId: string | null = null) =>
    s.categories.create(tenantId, { translations: [{ locale: 'en', name }], parentId }, actor)

  it('builds a tree with depths; the storefront sees active, public branches only', async () => {
    const tenantId = randomUUID()
    const clothing = await named(tenantId, 'Clothing')
    const shirts = await named(tenantId, 'Shirts', clothing.id)
    const hidden = await s.categories.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Hidden' }], isActive: false, position: 1 },
      actor,
    )
    await named(tenantId, 'Under hidden', hidden.id)
    const internal = await s.categories.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Staff picks' }], isInternal: true, position: 2 },
      actor,
    )
    expect(shirts).toMatchObject({ parentId: clothing.id, depth: 1 })
    const admin = await s.categories.tree({ tenantId }, 'en')
    expect(admin.map((c) => c.translation?.name)).toEqual([
      'Clothing',
      'Shirts',
      'Hidden',
      'Under hidden',
      'Staff picks',
    ])
    const store = await s.categories.tree({ tenantId, storefront: true }, 'en')
    expect(store.map((c) => c.translation?.handle)).toEqual(['clothing', 'shirts'])
    expect(
      await s.categories.idByHandle({ tenantId, locale: 'en', storefront: true }, 'shirts'),
    ).toBe(shirts.id)
    expect(
      (
        await failure(
          s.categories.idByHandle({ tenantId, locale: 'en', storefront: true }, 'staff-picks'),
        )
      ).code,
    ).toBe('NOT_FOUND')
    expect(await s.categories.idByHandle({ tenantId, locale: 'en' }, 'staff-picks')).toBe(
      internal.id,
    )
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types).toEqual(Array.from({ length: 5 }, () => 'product_category.created'))
  })

  it('moves a subtree with its depths; refuses a cycle, a tree deeper than 7, and a foreign parent', async () => {
    const tenantId = randomUUID()
    const a = await named(tenantId, 'A')
    const b = await named(tenantId, 'B', a.id)
    const c = await named(tenantId, 'C', b.id)
    const other = await named(tenantId, 'Other')
    expect(
      await failure(s.categories.update({ tenantId, id: a.id }, { parentId: c.id }, actor)),
    ).toEqual({
      code: 'INVALID_INPUT',
      errors: [{ path: 'parentId', message: 'is the category itself or under it' }],
    })
    const moved = await s.categories.update({ tenantId, id: a.id }, { parentId: other.id }, actor)
    expect(moved).toMatchObject({ parentId: other.id, depth: 1 })
    expect((await s.categories.get({ tenantId, id: c.id })).depth).toBe(3)
    // A chain down to depth 5: A's subtree (three levels) under its bottom would reach depth 8.
    let parent = other.id
    for (let depth = 1; depth <= 5; depth++)
      parent = (await named(tenantId, `L${depth}`, parent)).id
    expect(
      (await failure(s.categories.update({ tenantId, id: a.id }, { parentId: parent }, actor)))
        .errors,
    ).toEqual([{ path: 'parentId', message: 'would put a category below the deepest level (7)' }])
    const foreign = await named(randomUUID(), 'Foreign')
    expect(
      (await failure(s.categories.update({ tenantId, id: a.id }, { parentId: foreign.id }, actor)))
        .errors,
    ).toEqual([{ path: 'parentId', message: 'is not a product category of this tenant' }])
    expect(
      await sqlState(
        sql`update commerce_categories set parent_id = ${foreign.id} where id = ${a.id}`.execute(
          t.db,
        ),
      ),
    ).toBe('23503')
    // Back to the root: depths follow.
    await s.categories.update({ tenantId, id: a.id }, { parentId: null }, actor)
    expect((await s.categories.get({ tenantId, id: c.id })).depth).toBe(2)
  })

  it('two parallel moves that would close a cycle together: one is refused', async () => {
    const tenantId = randomUUID()
    const x = await named(tenantId, 'X')
    const y = await named(tenantId, 'Y')
    const settled = await Promise.allSettled([
      s.categories.update({ tenantId, id: x.id }, { parentId: y.id }, actor),
      s.categories.update({ tenantId, id: y.id }, { parentId: x.id }, actor),
    ])
    expect(settled.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const cycles = await sql<{ id: string }>`
      select c.id from commerce_categories c join commerce_categories p on c.parent_id = p.id
      where c.tenant_id = ${tenantId} and p.parent_id = c.id`.execute(t.db)
    expect(cycles.rows).toEqual([])
  })

  it('a move racing a delete of the same category: each ends typed, never in a deadlock', async () => {
    const tenantId = randomUUID()
    const home = await named(tenantId, 'Home')
    const outcomes = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const leaf = await named(tenantId, `Leaf ${i}`)
        const settled = await Promise.allSettled([
          s.categories.update({ tenantId, id: leaf.id }, { parentId: home.id }, actor),
          s.categories.delete({ tenantId, id: leaf.id }, actor),
        ])
        return settled.map((r) =>
          r.status === 'fulfilled'
            ? 'ok'
            : isCommerceError(r.reason)
              ? r.reason.code
              : `untyped ${String((r.reason as { code?: string }).code ?? r.reason)}`,
        )
      }),
    )
    for (const outcome of outcomes)
      expect(outcome.filter((o) => o.startsWith('untyped'))).toEqual([])
  })

  it('merges texts by locale, refuses deleting a parent, and leaves products when deleted', async () => {
    const tenantId = randomUUID()
    const parent = await named(tenantId, 'Parent')
    const child = await named(tenantId, 'Child', parent.id)
    const renamed = await s.categories.update(
      { tenantId, id: child.id },
      {
        translations: [
          { locale: 'en', name: 'Kid' },
          { locale: 'ru', name: 'Ребёнок' },
        ],
      },
      actor,
    )
    expect(renamed.translations.map((x) => [x.locale, x.name, x.handle])).toEqual([
      ['en', 'Kid', 'child'],
      ['ru', 'Ребёнок', 'rebyonok'],
    ])
    expect((await failure(s.categories.delete({ tenantId, id: parent.id }, actor))).code).toBe(
      'CONFLICT',
    )
    const tee = await s.products.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Tee' }], categoryIds: [child.id] },
      actor,
    )
    expect(tee.categoryIds).toEqual([child.id])
    await s.categories.delete({ tenantId, id: child.id }, actor)
    expect((await s.products.get({ tenantId, id: tee.id })).categoryIds).toEqual([])
    await s.categories.delete({ tenantId, id: parent.id }, actor)
    expect((await failure(s.categories.get({ tenantId, id: parent.id }))).code).toBe('NOT_FOUND')
  })
})
