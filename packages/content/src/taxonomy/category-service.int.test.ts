import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { createCategoryService, type CategoryService } from './category-service'

const editor: ContentActor = { userId: randomUUID(), scope: 'all' }
const onPostgres = process.env['TEST_DATABASE_URL'] !== undefined

async function failure(promise: Promise<unknown>): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isContentError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a ContentError')
}

describe('category service', () => {
  let t: ContentTestDb
  let categories: CategoryService
  beforeAll(async () => {
    t = await contentTestDb()
    categories = createCategoryService({ db: t.db, events: t.outbox })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const named = (tenantId: string, name: string, parentId: string | null = null) =>
    categories.create(tenantId, { parentId, translations: [{ locale: 'en', name }] }, editor)

  it('creates a category with slugs from the names and category.created', async () => {
    const tenantId = randomUUID()
    const news = await categories.create(
      tenantId,
      {
        position: 3,
        translations: [
          { locale: 'ru', name: 'Новости', description: 'Всё новое' },
          { locale: 'en', name: 'News & Events', slug: 'news' },
        ],
      },
      editor,
    )
    expect(news).toMatchObject({ parentId: null, depth: 0, position: 3, nodeCount: 0 })
    expect(news.translations).toEqual([
      { locale: 'en', name: 'News & Events', slug: 'news', description: null },
      { locale: 'ru', name: 'Новости', slug: 'novosti', description: 'Всё новое' },
    ])
    const child = await named(tenantId, 'Local', news.id)
    expect(child).toMatchObject({ parentId: news.id, depth: 1 })
    expect(await t.events(tenantId)).toEqual([
      { type: 'category.created', payload: { categoryId: news.id } },
      { type: 'category.created', payload: { categoryId: child.id } },
    ])
  })

  it('keeps slugs unique per tenant and locale: 409 naming the slug and its field', async () => {
    const tenantId = randomUUID()
    await named(tenantId, 'Guides')
    const clash = await failure(
      categories.create(
        tenantId,
        {
          translations: [
            { locale: 'de', name: 'Anleitungen' },
            { locale: 'en', name: 'How-tos', slug: 'guides' },
          ],
        },
        editor,
      ),
    )
    expect(clash).toEqual({
      code: 'CONFLICT',
      errors: [{ path: 'translations.1.slug', message: '"guides" is taken by another category' }],
    })
    // The same slug in another locale, or in another tenant, is free.
    await categories.create(tenantId, { translations: [{ locale: 'de', name: 'Guides' }] }, editor)
    await named(randomUUID(), 'Guides')
    // Nothing of the refused category was written.
    const list = await categories.list(tenantId)
    expect(list.items).toHaveLength(2)
  })

  it.runIf(onPostgres)(
    'parallel creates of one slug: one wins, the others get the unique key as a 409',
    async () => {
      const tenantId = randomUUID()
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => named(tenantId, 'Hot topic')),
      )
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(9)
      for (const error of lost) {
        expect(isContentError(error) && error.code).toBe('CONFLICT')
        expect(isContentError(error) && error.message).toContain('hot-topic')
      }
    },
  )

  it('takes a parent of the same tenant only, and at most seven levels deep', async () => {
    const tenantId = randomUUID()
    const foreign = await named(randomUUID(), 'Elsewhere')
    expect(await failure(named(tenantId, 'Orphan', foreign.id))).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'parentId', message: 'is not a category of this tenant' }],
    })
    let parent: string | null = null
    for (let depth = 0; depth <= 7; depth++) {
      const created = await named(tenantId, `Level ${depth}`, parent)
      expect(created.depth).toBe(depth)
      parent = created.id
    }
    expect(await failure(named(tenantId, 'Too deep', parent))).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'parentId', message: 'is at the deepest level (7)' }],
    })
  })

  it('the composite foreign keys refuse a cross-tenant parent or node category in raw SQL', async () => {
    const tenantId = randomUUID()
    const foreign = await named(randomUUID(), 'Foreign')
    await expect(
      sql`insert into content_categories (id, tenant_id, parent_id)
          values (${randomUUID()}, ${tenantId}, ${foreign.id})`.execute(t.db),
    ).rejects.toMatchObject({ code: '23503' })
    await expect(
      sql`insert into content_nodes (id, tenant_id, kind, category_id)
          values (${randomUUID()}, ${tenantId}, 'post', ${foreign.id})`.execute(t.db),
    ).rejects.toMatchObject({ code: '23503' })
  })

  it('patches merge translations by locale, keep slugs on rename, and emit category.updated', async () => {
    const tenantId = randomUUID()
    const created = await categories.create(
      tenantId,
      {
        translations: [
          { locale: 'en', name: 'Recipes', description: 'Food' },
          { locale: 'ru', name: 'Рецепты' },
        ],
      },
      editor,
    )
    const patched = await categories.patch(
      { tenantId, id: created.id },
      {
        position: 5,
        translations: [
          { locale: 'ru', name: 'Кулинария' },
          { locale: 'en', description: null },
          { locale: 'de', name: 'Rezepte' },
        ],
      },
      editor,
    )
    expect(patched.position).toBe(5)
    expect(patched.translations).toEqual([
      { locale: 'de', name: 'Rezepte', slug: 'rezepte', description: null },
      { locale: 'en', name: 'Recipes', slug: 'recipes', description: null },
      { locale: 'ru', name: 'Кулинария', slug: 'retsepty', description: null },
    ])
    expect(
      await failure(
        categories.patch(
          { tenantId, id: created.id },
          { translations: [{ locale: 'fr' }] },
          editor,
        ),
      ),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'translations.0.name', message: 'is required for a new locale' }],
    })
    const other = await named(tenantId, 'Other')
    expect(
      await failure(
        categories.patch(
          { tenantId, id: other.id },
          { translations: [{ locale: 'en', slug: 'recipes' }] },
          editor,
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'translations.0.slug' }] })
    const events = await t.events(tenantId)
    expect(events.filter((e) => e.type === 'category.updated')).toEqual([
      { type: 'category.updated', payload: { categoryId: created.id } },
    ])
  })

  it('moves a subtree with its depths, and refuses cycles and a tree deeper than seven', async () => {
    const tenantId = randomUUID()
    const a = await named(tenantId, 'A')
    const b = await named(tenantId, 'B', a.id)
    const c = await named(tenantId, 'C', b.id)
    const other = await named(tenantId, 'Other')
    for (const parentId of [a.id, b.id, c.id])
      expect(
        await failure(categories.patch({ tenantId, id: a.id }, { parentId }, editor)),
      ).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ path: 'parentId', message: 'is the category itself or under it' }],
      })
    const moved = await categories.patch({ tenantId, id: a.id }, { parentId: other.id }, editor)
    expect(moved).toMatchObject({ parentId: other.id, depth: 1 })
    expect((await categories.get({ tenantId, id: c.id })).depth).toBe(3)
    // A chain down to depth 5: A's subtree (three levels) under its bottom would reach depth 8.
    let bottom = other.id
    for (let i = 0; i < 5; i++) bottom = (await named(tenantId, `Chain ${i}`, bottom)).id
    expect(
      await failure(categories.patch({ tenantId, id: a.id }, { parentId: bottom }, editor)),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'parentId' }] })
    expect((await categories.get({ tenantId, id: c.id })).depth).toBe(3)
    const root = await categories.patch({ tenantId, id: a.id }, { parentId: null }, editor)
    expect(root.depth).toBe(0)
    expect((await categories.get({ tenantId, id: c.id })).depth).toBe(2)
  })

  it.runIf(onPostgres)(
    'two parallel moves that would close a cycle together: one of them is refused',
    async () => {
      const tenantId = randomUUID()
      const results: PromiseSettledResult<unknown>[] = []
      for (let round = 0; round < 10; round++) {
        const a = await named(tenantId, `A ${round}`)
        const b = await named(tenantId, `B ${round}`)
        const both = await Promise.allSettled([
          categories.patch({ tenantId, id: a.id }, { parentId: b.id }, editor),
          categories.patch({ tenantId, id: b.id }, { parentId: a.id }, editor),
        ])
        expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
        results.push(...both)
      }
      const cycles = await sql<{ id: string }>`
        select a.id from content_categories a join content_categories b on a.parent_id = b.id
        where a.tenant_id = ${tenantId} and b.parent_id = a.id`.execute(t.db)
      expect(cycles.rows).toEqual([])
      // Refused as a cycle (400), not lost to a deadlock between the two moves.
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
      expect(refused).toHaveLength(10)
      for (const error of refused) expect(isContentError(error) && error.code).toBe('INVALID_INPUT')
    },
  )

  it('deletes a leaf only; its nodes lose their category; category.deleted', async () => {
    const tenantId = randomUUID()
    const parent = await named(tenantId, 'Parent')
    const leaf = await named(tenantId, 'Leaf', parent.id)
    const node = await t
      .nodes()
      .create(
        tenantId,
        { kind: 'post', categoryId: leaf.id, translations: [{ locale: 'en', title: 'In leaf' }] },
        editor,
      )
    expect(await failure(categories.delete({ tenantId, id: parent.id }, editor))).toMatchObject({
      code: 'CONFLICT',
    })
    await categories.delete({ tenantId, id: leaf.id }, editor)
    expect((await t.nodes().get({ tenantId, id: node.id })).categoryId).toBeNull()
    expect(await failure(categories.get({ tenantId, id: leaf.id }))).toMatchObject({
      code: 'NOT_FOUND',
    })
    await categories.delete({ tenantId, id: parent.id }, editor)
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type === 'category.deleted')).toHaveLength(2)
  })

  it("another tenant's category is NOT_FOUND for every operation", async () => {
    const foreign = await named(randomUUID(), 'Theirs')
    const ref = { tenantId: randomUUID(), id: foreign.id }
    for (const attempt of [
      () => categories.get(ref),
      () => categories.read(ref, { locale: 'en' }),
      () => categories.patch(ref, { position: 1 }, editor),
      () => categories.delete(ref, editor),
    ])
      expect((await failure(attempt())).code).toBe('NOT_FOUND')
    expect((await categories.get({ tenantId: foreign.tenantId, id: foreign.id })).position).toBe(0)
    expect((await failure(categories.get({ ...ref, id: 'nope' }))).code).toBe('INVALID_INPUT')
  })

  it('reads through the fallback chain; lists the tree depth first or a level by position', async () => {
    const tenantId = randomUUID()
    const localized = createCategoryService({
      db: t.db,
      events: t.outbox,
      locales: (_tenant, requested) =>
        Promise.resolve(requested === 'uk' ? ['uk', 'ru'] : [requested]),
    })
    const b = await categories.create(
      tenantId,
      {
        position: 2,
        translations: [
          { locale: 'en', name: 'Books' },
          { locale: 'ru', name: 'Книги' },
        ],
      },
      editor,
    )
    const a = await categories.create(
      tenantId,
      { position: 1, translations: [{ locale: 'en', name: 'Art' }] },
      editor,
    )
    const b1 = await named(tenantId, 'Novels', b.id)
    const a1 = await named(tenantId, 'Painting', a.id)
    const read = await localized.read({ tenantId, id: b.id }, { locale: 'uk' })
    expect(read.translation).toEqual({
      locale: 'ru',
      requested: 'uk',
      fallback: true,
      value: { name: 'Книги', slug: 'knigi', description: null },
    })
    const tree = await localized.list(tenantId, { locale: 'uk' })
    expect(tree.items.map((item) => item.id)).toEqual([a.id, a1.id, b.id, b1.id])
    expect(tree.items[2]?.translation?.locale).toBe('ru')
    expect(tree.next).toBeNull()
    const first = await categories.list(tenantId, { order: 'position', parentId: null, limit: 1 })
    expect(first.items.map((item) => item.id)).toEqual([a.id])
    const second = await categories.list(tenantId, {
      order: 'position',
      parentId: null,
      limit: 1,
      after: first.next ?? undefined,
    })
    expect(second.items.map((item) => item.id)).toEqual([b.id])
    expect(second.next).toBeNull()
    const backwards = await categories.list(tenantId, { order: 'position', direction: 'desc' })
    // Every level, by position descending; a1 and b1 share position 0, the later id first.
    expect(backwards.items.map((item) => item.id)).toEqual([b.id, a.id, a1.id, b1.id])
    expect(
      await failure(
        categories.list(tenantId, { order: 'position', after: { value: 'x', id: a.id } }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'after' }] })
  })
})
