import { randomUUID } from 'node:crypto'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import type { ContentActor } from './node-types'

const author = randomUUID()
const editor: ContentActor = { userId: author, scope: 'all' }

async function failure(promise: Promise<unknown>): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isContentError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a ContentError')
}

describe('node service', () => {
  let t: ContentTestDb
  beforeAll(async () => {
    t = await contentTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('creates a node with a transliterated slug, its first revision and node.created', async () => {
    const tenantId = randomUUID()
    const node = await t.nodes().create(
      tenantId,
      {
        kind: 'post',
        translations: [
          { locale: 'ru', title: 'Привет, мир!' },
          { locale: 'en', title: 'Hello world', excerpt: 'Short' },
        ],
        bodies: [{ locale: 'en', format: 'markdown', body: '# Hi' }],
      },
      editor,
    )
    expect(node).toMatchObject({ kind: 'post', status: 'draft', authorId: author, revision: 1 })
    expect(node.translations).toEqual([
      { locale: 'en', title: 'Hello world', slug: 'hello-world', excerpt: 'Short' },
      { locale: 'ru', title: 'Привет, мир!', slug: 'privet-mir', excerpt: null },
    ])
    const events = await t.events(tenantId)
    // One event for the new node; its texts are part of it (no per-locale events on create).
    expect(events.map((e) => e.type)).toEqual(['node.created'])
    expect(events[0]?.payload).toEqual({ nodeId: node.id, kind: 'post', authorId: author })
  })

  it('merges a patch by locale: a change to ru keeps en', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const node = await nodes.create(
      tenantId,
      {
        kind: 'page',
        translations: [
          { locale: 'en', title: 'About' },
          { locale: 'ru', title: 'О нас' },
        ],
        bodies: [
          { locale: 'en', body: 'English' },
          { locale: 'ru', body: 'Русский' },
        ],
      },
      editor,
    )
    const patched = await nodes.patch(
      { tenantId, id: node.id },
      {
        translations: [{ locale: 'ru', title: 'О компании' }],
        bodies: [{ locale: 'ru', body: 'Новый' }],
      },
      editor,
    )
    expect(patched.translations.find((x) => x.locale === 'en')).toEqual(
      node.translations.find((x) => x.locale === 'en'),
    )
    expect(patched.bodies.map((b) => [b.locale, b.body])).toEqual([
      ['en', 'English'],
      ['ru', 'Новый'],
    ])
    expect(patched.revision).toBe(2)
  })

  it('refuses a taken slug with 409 naming it, or takes the next free one when asked', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const input = { kind: 'post', translations: [{ locale: 'en', title: 'Same title' }] }
    await nodes.create(tenantId, input, editor)
    const refused = await failure(nodes.create(tenantId, input, editor))
    expect(refused.code).toBe('CONFLICT')
    expect(refused.errors).toEqual([
      { path: 'translations.0.slug', message: '"same-title" is taken by another node' },
    ])
    const second = await nodes.create(tenantId, { ...input, slugConflict: 'suffix' }, editor)
    const third = await nodes.create(tenantId, { ...input, slugConflict: 'suffix' }, editor)
    expect([second.translations[0]?.slug, third.translations[0]?.slug]).toEqual([
      'same-title-2',
      'same-title-3',
    ])
    // Another kind, locale or tenant may use the same slug.
    await nodes.create(tenantId, { ...input, kind: 'page' }, editor)
    await nodes.create(
      tenantId,
      { ...input, translations: [{ locale: 'de', title: 'Same title' }] },
      editor,
    )
    await nodes.create(randomUUID(), input, editor)
  })

  it('keeps an old slug resolving to the renamed node', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const node = await nodes.create(
      tenantId,
      { kind: 'page', status: 'published', translations: [{ locale: 'en', title: 'Old name' }] },
      editor,
    )
    await nodes.patch(
      { tenantId, id: node.id },
      { translations: [{ locale: 'en', slug: 'new-name' }] },
      editor,
    )
    const byOld = await nodes.findBySlug(
      { tenantId, publishedOnly: true },
      { kind: 'page', locale: 'en', slug: 'old-name' },
    )
    expect(byOld.node.id).toBe(node.id)
    expect(byOld.redirectTo).toBe('new-name')
    const byNew = await nodes.findBySlug(
      { tenantId },
      { kind: 'page', locale: 'en', slug: 'new-name' },
    )
    expect(byNew.redirectTo).toBeNull()
  })

  it('follows the state machine and refuses illegal transitions', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const node = await nodes.create(
      tenantId,
      { kind: 'post', translations: [{ locale: 'en', title: 'Machine' }] },
      editor,
    )
    const ref = { tenantId, id: node.id }
    expect((await failure(nodes.archive(ref, editor))).code).toBe('INVALID_TRANSITION')
    expect((await nodes.publish(ref, editor)).status).toBe('published')
    expect((await failure(nodes.publish(ref, editor))).code).toBe('INVALID_TRANSITION')
    expect((await nodes.archive(ref, editor)).status).toBe('archived')
    expect((await failure(nodes.publish(ref, editor))).code).toBe('INVALID_TRANSITION')
    expect((await nodes.restore(ref, editor)).status).toBe('draft')
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type !== 'node.translation.updated')).toEqual([
      'node.created',
      'node.published',
      'node.archived',
      'node.restored',
    ])
  })

  it('restores a revision to exactly its texts, as a new revision', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const node = await nodes.create(
      tenantId,
      {
        kind: 'article',
        metadata: { v: 1 },
        translations: [{ locale: 'en', title: 'First', excerpt: 'one' }],
        bodies: [{ locale: 'en', body: 'Body one' }],
      },
      editor,
    )
    const ref = { tenantId, id: node.id }
    await nodes.patch(
      ref,
      {
        metadata: { v: 2 },
        translations: [
          { locale: 'en', title: 'Second', excerpt: null },
          { locale: 'de', title: 'Zweite' },
        ],
        bodies: [{ locale: 'en', format: 'html', body: '<p>Two</p>' }],
      },
      editor,
    )
    const restored = await nodes.restoreRevision(ref, 1, editor)
    expect(restored.translations).toEqual(node.translations)
    expect(restored.bodies.map(({ locale, format, body }) => ({ locale, format, body }))).toEqual(
      node.bodies.map(({ locale, format, body }) => ({ locale, format, body })),
    )
    expect(restored.metadata).toEqual({ v: 1 })
    expect(restored.revision).toBe(3)
    const revisions = await nodes.revisions(ref)
    expect(revisions.map((r) => [r.number, r.reason])).toEqual([
      [3, 'restore'],
      [2, 'update'],
      [1, 'create'],
    ])
  })

  it('keeps only the configured number of revisions', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes({ revisionsKept: 2 })
    const node = await nodes.create(
      tenantId,
      { kind: 'post', translations: [{ locale: 'en', title: 'R' }] },
      editor,
    )
    for (const title of ['R1', 'R2', 'R3'])
      await nodes.patch(
        { tenantId, id: node.id },
        { translations: [{ locale: 'en', title }] },
        editor,
      )
    expect((await nodes.revisions({ tenantId, id: node.id })).map((r) => r.number)).toEqual([4, 3])
  })

  it('lets an own-scope actor change only nodes it authors, and never forge an author', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const mine: ContentActor = { userId: randomUUID(), scope: 'own' }
    const other: ContentActor = { userId: randomUUID(), scope: 'own' }
    const forged = await failure(
      nodes.create(
        tenantId,
        { kind: 'post', authorId: other.userId, translations: [{ locale: 'en', title: 'F' }] },
        mine,
      ),
    )
    expect(forged.code).toBe('FORBIDDEN')
    const node = await nodes.create(
      tenantId,
      { kind: 'post', translations: [{ locale: 'en', title: 'Mine' }] },
      mine,
    )
    expect(node.authorId).toBe(mine.userId)
    const ref = { tenantId, id: node.id }
    expect((await failure(nodes.patch(ref, { position: 3 }, other))).code).toBe('FORBIDDEN')
    expect((await failure(nodes.publish(ref, other))).code).toBe('FORBIDDEN')
    expect((await nodes.patch(ref, { position: 3 }, mine)).position).toBe(3)
  })

  it("answers NOT_FOUND for another tenant's node on every operation", async () => {
    const tenantId = randomUUID()
    const foreign = randomUUID()
    const nodes = t.nodes()
    const node = await nodes.create(
      tenantId,
      { kind: 'post', translations: [{ locale: 'en', title: 'Ours' }] },
      editor,
    )
    const ref = { tenantId: foreign, id: node.id }
    for (const attempt of [
      () => nodes.get(ref),
      () => nodes.read(ref, { locale: 'en' }),
      () => nodes.patch(ref, { position: 1 }, editor),
      () => nodes.publish(ref, editor),
      () => nodes.delete(ref, editor),
      () => nodes.move(ref, { parentId: null }, editor),
      () => nodes.revisions(ref),
      () => nodes.restoreRevision(ref, 1, editor),
    ])
      expect((await failure(attempt())).code).toBe('NOT_FOUND')
    // A parent of another tenant cannot be linked.
    const refused = await failure(
      nodes.create(
        foreign,
        { kind: 'post', parentId: node.id, translations: [{ locale: 'en', title: 'x' }] },
        editor,
      ),
    )
    expect(refused.code).toBe('INVALID_INPUT')
  })

  it('moves nodes in the tree and refuses a cycle', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const make = (title: string, parentId: string | null = null) =>
      nodes.create(
        tenantId,
        { kind: 'page', parentId, translations: [{ locale: 'en', title }] },
        editor,
      )
    const root = await make('Root')
    const child = await make('Child', root.id)
    const grandchild = await make('Grandchild', child.id)
    expect(grandchild.depth).toBe(2)
    expect(
      (await failure(nodes.move({ tenantId, id: root.id }, { parentId: grandchild.id }, editor)))
        .code,
    ).toBe('INVALID_INPUT')
    await nodes.move({ tenantId, id: child.id }, { parentId: null }, editor)
    expect((await nodes.get({ tenantId, id: grandchild.id })).depth).toBe(1)
  })

  it('soft-deletes, hides and purges a node', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    const node = await nodes.create(
      tenantId,
      { kind: 'post', translations: [{ locale: 'en', title: 'Bin' }] },
      editor,
    )
    const ref = { tenantId, id: node.id }
    expect((await failure(nodes.purge(ref, editor))).code).toBe('NOT_FOUND')
    await nodes.delete(ref, editor)
    expect((await failure(nodes.get(ref))).code).toBe('NOT_FOUND')
    expect((await nodes.list({ tenantId }, { deleted: true })).items.map((n) => n.id)).toEqual([
      node.id,
    ])
    await nodes.purge(ref, editor)
    expect((await failure(nodes.get(ref, { deleted: true }))).code).toBe('NOT_FOUND')
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.slice(-2)).toEqual(['node.deleted', 'node.purged'])
  })

  it('lists a page of 20 nodes in two statements, however many locales (no query per row)', async () => {
    const tenantId = randomUUID()
    const writer = t.nodes()
    for (let i = 0; i < 25; i++)
      await writer.create(
        tenantId,
        {
          kind: 'post',
          translations: ['en', 'de', 'ru'].map((locale) => ({ locale, title: `N ${i} ${locale}` })),
        },
        editor,
      )
    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const nodes = t.nodes({ db: t.db.withPlugin(counting) })
    const page = await nodes.list({ tenantId }, { limit: 20, locale: 'de' })
    expect(page.items).toHaveLength(20)
    expect(page.items.every((item) => item.translation?.locale === 'de')).toBe(true)
    expect(statements).toBe(2)
    const next = await nodes.list(
      { tenantId },
      { limit: 20, locale: 'de', after: page.next ?? undefined },
    )
    expect(next.items).toHaveLength(5)
    expect(statements).toBe(4)
  })
})
