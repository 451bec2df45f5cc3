import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { createTagService, type TagService } from './tag-service'

const editor: ContentActor = { userId: randomUUID(), scope: 'all' }

async function failure(promise: Promise<unknown>): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isContentError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a ContentError')
}

describe('tag service', () => {
  let t: ContentTestDb
  let tags: TagService
  beforeAll(async () => {
    t = await contentTestDb()
    tags = createTagService({ db: t.db, events: t.outbox })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const tag = (tenantId: string, name: string) =>
    tags.create(tenantId, { translations: [{ locale: 'en', name }] }, editor)
  const post = (tenantId: string, title: string) =>
    t.nodes().create(tenantId, { kind: 'post', translations: [{ locale: 'en', title }] }, editor)

  it('creates a tag with slugs from the names, unique per tenant and locale, and tag.created', async () => {
    const tenantId = randomUUID()
    const created = await tags.create(
      tenantId,
      {
        translations: [
          { locale: 'en', name: 'TypeScript' },
          { locale: 'ru', name: 'Тайпскрипт' },
        ],
      },
      editor,
    )
    expect(created).toMatchObject({ tenantId, useCount: 0 })
    expect(created.translations).toEqual([
      { locale: 'en', name: 'TypeScript', slug: 'type-script' },
      { locale: 'ru', name: 'Тайпскрипт', slug: 'taypskript' },
    ])
    expect(await failure(tag(tenantId, 'Type script'))).toEqual({
      code: 'CONFLICT',
      errors: [{ path: 'translations.0.slug', message: '"type-script" is taken by another tag' }],
    })
    await tag(randomUUID(), 'TypeScript')
    expect(await t.events(tenantId)).toEqual([
      { type: 'tag.created', payload: { tagId: created.id } },
    ])
  })

  it('attaches idempotently, keeps use counts, and node reads and lists see the tag', async () => {
    const tenantId = randomUUID()
    const rust = await tag(tenantId, 'Rust')
    const node = await post(tenantId, 'Ownership')
    const other = await post(tenantId, 'Untagged')
    const link = { node: { tenantId, id: node.id }, tagId: rust.id }
    expect(await tags.attach(link, editor)).toBe(true)
    expect(await tags.attach(link, editor)).toBe(false)
    expect((await tags.get({ tenantId, id: rust.id })).useCount).toBe(1)
    expect((await t.nodes().get({ tenantId, id: node.id })).tagIds).toEqual([rust.id])
    const listed = await t.nodes().list({ tenantId }, { tagId: rust.id })
    expect(listed.items.map((item) => item.id)).toEqual([node.id])
    expect(other.tagIds).toEqual([])
    expect(await tags.detach(link, editor)).toBe(true)
    expect(await tags.detach(link, editor)).toBe(false)
    expect((await tags.get({ tenantId, id: rust.id })).useCount).toBe(0)
    const events = (await t.events(tenantId)).filter((e) => e.type.startsWith('tag.'))
    const payload = { tagId: rust.id, targetType: 'node', targetId: node.id }
    expect(events).toEqual([
      { type: 'tag.created', payload: { tagId: rust.id } },
      { type: 'tag.attached', payload },
      { type: 'tag.detached', payload },
    ])
  })

  it('purging a node takes its tags’ use counts down', async () => {
    const tenantId = randomUUID()
    const go = await tag(tenantId, 'Go')
    const node = await post(tenantId, 'Goroutines')
    await tags.attach({ node: { tenantId, id: node.id }, tagId: go.id }, editor)
    await t.nodes().delete({ tenantId, id: node.id }, editor)
    expect((await tags.get({ tenantId, id: go.id })).useCount).toBe(1)
    await t.nodes().purge({ tenantId, id: node.id }, editor)
    expect((await tags.get({ tenantId, id: go.id })).useCount).toBe(0)
  })

  it("refuses another tenant's node or tag with 404, and the composite key refuses it in SQL", async () => {
    const tenantId = randomUUID()
    const ours = await tag(tenantId, 'Ours')
    const node = await post(tenantId, 'Ours too')
    const theirTag = await tag(randomUUID(), 'Theirs')
    const theirNode = await post(randomUUID(), 'Theirs too')
    for (const link of [
      { node: { tenantId, id: node.id }, tagId: theirTag.id },
      { node: { tenantId, id: theirNode.id }, tagId: ours.id },
    ]) {
      expect((await failure(tags.attach(link, editor))).code).toBe('NOT_FOUND')
      expect((await failure(tags.detach(link, editor))).code).toBe('NOT_FOUND')
    }
    expect((await failure(tags.get({ tenantId, id: theirTag.id }))).code).toBe('NOT_FOUND')
    expect((await failure(tags.delete({ tenantId, id: theirTag.id }, editor))).code).toBe(
      'NOT_FOUND',
    )
    await expect(
      sql`insert into content_node_tags (tenant_id, node_id, tag_id)
          values (${tenantId}, ${node.id}, ${theirTag.id})`.execute(t.db),
    ).rejects.toMatchObject({ code: '23503' })
    await expect(
      sql`insert into content_node_tags (tenant_id, node_id, tag_id)
          values (${tenantId}, ${theirNode.id}, ${ours.id})`.execute(t.db),
    ).rejects.toMatchObject({ code: '23503' })
    expect((await tags.get({ tenantId, id: ours.id })).useCount).toBe(0)
  })

  it('attach needs the right to change the node, and a live node', async () => {
    const tenantId = randomUUID()
    const label = await tag(tenantId, 'Label')
    const node = await post(tenantId, 'Someone else’s')
    const stranger: ContentActor = { userId: randomUUID(), scope: 'own' }
    const link = { node: { tenantId, id: node.id }, tagId: label.id }
    expect((await failure(tags.attach(link, stranger))).code).toBe('FORBIDDEN')
    await t.nodes().delete({ tenantId, id: node.id }, editor)
    expect((await failure(tags.attach(link, editor))).code).toBe('NOT_FOUND')
    expect((await tags.get({ tenantId, id: label.id })).useCount).toBe(0)
  })

  it('deletes a tag with its links and tag.deleted', async () => {
    const tenantId = randomUUID()
    const gone = await tag(tenantId, 'Gone')
    const node = await post(tenantId, 'Tagged')
    await tags.attach({ node: { tenantId, id: node.id }, tagId: gone.id }, editor)
    await tags.delete({ tenantId, id: gone.id }, editor)
    expect((await t.nodes().get({ tenantId, id: node.id })).tagIds).toEqual([])
    expect((await failure(tags.get({ tenantId, id: gone.id }))).code).toBe('NOT_FOUND')
    expect((await failure(tags.delete({ tenantId, id: gone.id }, editor))).code).toBe('NOT_FOUND')
    expect((await t.events(tenantId)).at(-1)).toEqual({
      type: 'tag.deleted',
      payload: { tagId: gone.id },
    })
  })

  it('counts truly parallel attaches exactly: 20 nodes, and one node 10 times', async () => {
    const tenantId = randomUUID()
    const busy = await tag(tenantId, 'Busy')
    const nodes = await Promise.all(Array.from({ length: 20 }, (_, i) => post(tenantId, `N ${i}`)))
    await Promise.all(
      nodes.map((node) => tags.attach({ node: { tenantId, id: node.id }, tagId: busy.id }, editor)),
    )
    expect((await tags.get({ tenantId, id: busy.id })).useCount).toBe(20)
    const once = await tag(tenantId, 'Once')
    const link = { node: { tenantId, id: nodes[0]?.id ?? '' }, tagId: once.id }
    const results = await Promise.all(Array.from({ length: 10 }, () => tags.attach(link, editor)))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect((await tags.get({ tenantId, id: once.id })).useCount).toBe(1)
  })

  it('lists by use count or by name in the reader’s locale, a keyset page at a time', async () => {
    const tenantId = randomUUID()
    const localized = createTagService({
      db: t.db,
      events: t.outbox,
      locales: (_tenant, requested) =>
        Promise.resolve(requested === 'uk' ? ['uk', 'ru'] : [requested]),
    })
    const zebra = await tags.create(
      tenantId,
      {
        translations: [
          { locale: 'en', name: 'Zebra' },
          { locale: 'ru', name: 'Aardvark' },
        ],
      },
      editor,
    )
    const apple = await tag(tenantId, 'Apple')
    const mango = await tag(tenantId, 'Mango')
    const node = await post(tenantId, 'Fruit')
    const second = await post(tenantId, 'More fruit')
    for (const n of [node, second])
      await tags.attach({ node: { tenantId, id: n.id }, tagId: mango.id }, editor)
    await tags.attach({ node: { tenantId, id: node.id }, tagId: apple.id }, editor)

    const popular = await tags.list(tenantId)
    expect(popular.items.map((item) => [item.id, item.useCount])).toEqual([
      [mango.id, 2],
      [apple.id, 1],
      [zebra.id, 0],
    ])
    const ids = async (locale: string) => {
      const seen: string[] = []
      let after
      for (;;) {
        const sort = { field: 'name', direction: 'asc' } as const
        const page = await localized.list(tenantId, { sort, locale, limit: 2, after })
        seen.push(...page.items.map((item) => item.id))
        if (!page.next) return seen
        after = page.next
      }
    }
    expect(await ids('en')).toEqual([apple.id, mango.id, zebra.id])
    // In uk the zebra tag falls back to its ru name, "Aardvark", and sorts by it.
    expect(await ids('uk')).toEqual([zebra.id, apple.id, mango.id])
    const uk = await localized.list(tenantId, {
      sort: { field: 'name', direction: 'desc' },
      locale: 'uk',
    })
    expect(uk.items.map((item) => item.id)).toEqual([mango.id, apple.id, zebra.id])
    expect(uk.items[2]?.translation).toMatchObject({ locale: 'ru', fallback: true })
    expect(
      await failure(
        tags.list(tenantId, {
          sort: { field: 'name', direction: 'asc' },
          after: { value: 3, id: apple.id },
        }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'after' }] })
  })
})
