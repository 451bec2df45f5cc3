import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCategoryService } from '../taxonomy/category-service'
import { createTagService } from '../taxonomy/tag-service'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { SYSTEM_ACTOR } from './node-types'
import { createNodeIndexSource } from './node-index-source'

describe('node index source', () => {
  let t: ContentTestDb
  beforeAll(async () => {
    t = await contentTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('loads live nodes of one tenant with their category path and tag names, in id order', async () => {
    const tenantId = randomUUID()
    const deps = { db: t.db, events: t.outbox }
    const categories = createCategoryService(deps)
    const tags = createTagService(deps)
    const root = await categories.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'World' }] },
      SYSTEM_ACTOR,
    )
    const child = await categories.create(
      tenantId,
      {
        parentId: root.id,
        translations: [
          { locale: 'en', name: 'Europe' },
          { locale: 'ru', name: 'Европа' },
        ],
      },
      SYSTEM_ACTOR,
    )
    const tag = await tags.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Travel' }] },
      SYSTEM_ACTOR,
    )
    const nodes = t.nodes()
    const a = await nodes.create(
      tenantId,
      { kind: 'article', categoryId: child.id, translations: [{ locale: 'en', title: 'A' }] },
      SYSTEM_ACTOR,
    )
    const b = await nodes.create(
      tenantId,
      { kind: 'article', translations: [{ locale: 'en', title: 'B' }] },
      SYSTEM_ACTOR,
    )
    const gone = await nodes.create(
      tenantId,
      { kind: 'article', translations: [{ locale: 'en', title: 'C' }] },
      SYSTEM_ACTOR,
    )
    await tags.attach({ node: { tenantId, id: a.id }, tagId: tag.id }, SYSTEM_ACTOR)
    await nodes.delete({ tenantId, id: gone.id }, SYSTEM_ACTOR)
    await nodes.create(
      randomUUID(),
      { kind: 'article', translations: [{ locale: 'en', title: 'Other' }] },
      SYSTEM_ACTOR,
    )

    const source = createNodeIndexSource({ db: t.db })
    const ids = await source.ids(tenantId, { after: null, limit: 10 })
    expect(ids).toEqual([a.id, b.id].sort())
    expect(await source.ids(tenantId, { after: ids[0]!, limit: 10 })).toEqual([ids[1]])
    expect(await source.count(tenantId)).toBe(2)
    const records = await source.load(tenantId, [a.id, b.id, gone.id, randomUUID()])
    expect(records.map((r) => r.node.id)).toEqual(ids)
    const loaded = records.find((r) => r.node.id === a.id)!
    expect(loaded.categoryPath.map((c) => c.translations.map((x) => x.name))).toEqual([
      ['World'],
      ['Europe', 'Европа'],
    ])
    expect(loaded.tags).toEqual([
      { id: tag.id, translations: [{ locale: 'en', name: 'Travel', slug: 'travel' }] },
    ])
    expect(await source.load(randomUUID(), [a.id])).toEqual([])
  })
})
