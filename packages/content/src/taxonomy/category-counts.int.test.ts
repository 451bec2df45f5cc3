import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContentActor } from '../nodes/node-types'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { createCategoryService, type CategoryService } from './category-service'

const editor: ContentActor = { userId: randomUUID(), scope: 'all' }

/** Node writes keep each category's node count in their own transaction. */
describe('category node counts', () => {
  let t: ContentTestDb
  let categories: CategoryService
  beforeAll(async () => {
    t = await contentTestDb()
    categories = createCategoryService({ db: t.db, events: t.outbox })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const category = (tenantId: string, name: string) =>
    categories.create(tenantId, { translations: [{ locale: 'en', name }] }, editor)
  const count = async (tenantId: string, id: string) =>
    (await categories.get({ tenantId, id })).nodeCount

  it('follows creates, moves between categories and soft deletes', async () => {
    const tenantId = randomUUID()
    const news = await category(tenantId, 'News')
    const blog = await category(tenantId, 'Blog')
    const nodes = t.nodes()
    const post = (title: string) =>
      nodes.create(
        tenantId,
        { kind: 'post', categoryId: news.id, translations: [{ locale: 'en', title }] },
        editor,
      )
    const first = await post('One')
    const second = await post('Two')
    expect([await count(tenantId, news.id), await count(tenantId, blog.id)]).toEqual([2, 0])
    await nodes.patch({ tenantId, id: first.id }, { categoryId: blog.id }, editor)
    expect([await count(tenantId, news.id), await count(tenantId, blog.id)]).toEqual([1, 1])
    await nodes.patch({ tenantId, id: second.id }, { categoryId: null }, editor)
    expect(await count(tenantId, news.id)).toBe(0)
    await nodes.delete({ tenantId, id: first.id }, editor)
    expect(await count(tenantId, blog.id)).toBe(0)
    // The public list shows the same count.
    const listed = await categories.list(tenantId)
    expect(listed.items.map((item) => item.nodeCount)).toEqual([0, 0])
  })

  it('counts 20 truly parallel creates into one category exactly', async () => {
    const tenantId = randomUUID()
    const hot = await category(tenantId, 'Hot')
    const nodes = t.nodes()
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        nodes.create(
          tenantId,
          { kind: 'post', categoryId: hot.id, translations: [{ locale: 'en', title: `P ${i}` }] },
          editor,
        ),
      ),
    )
    expect(created).toHaveLength(20)
    expect(await count(tenantId, hot.id)).toBe(20)
    await Promise.all(
      created.slice(0, 5).map((node) => nodes.delete({ tenantId, id: node.id }, editor)),
    )
    expect(await count(tenantId, hot.id)).toBe(15)
  })
})
