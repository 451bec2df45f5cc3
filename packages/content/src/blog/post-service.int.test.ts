import { randomUUID } from 'node:crypto'
import { sql, type KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox } from '@rustok/outbox'
import { contentEvents } from '../content-events'
import { blogEvents } from './blog-events'
import { createCategoryService } from '../taxonomy/category-service'
import { createTagService } from '../taxonomy/tag-service'
import { createPostService } from './post-service'
import { blogTestDb, EDITOR, type BlogTestDb } from './testing/blog-test-db.test-helper'

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    if (isContentError(error)) return error.code
    throw error
  }
  return 'OK'
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ')

describe('blog posts', () => {
  let t: BlogTestDb
  beforeAll(async () => {
    t = await blogTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  async function media(tenantId: string): Promise<string> {
    const id = randomUUID()
    await sql`insert into content_media (id, tenant_id, filename, original_name, mime_type, size,
        width, height, storage_driver, storage_key, checksum)
      values (${id}, ${tenantId}, ${id}, 'cover.png', 'image/png', 10, 640, 480, 'local',
        ${`${tenantId}/${id}`}, ${'a'.repeat(64)})`.execute(t.db)
    return id
  }

  it('creates a post node with its featured image of the same tenant only', async () => {
    const tenantId = randomUUID()
    const image = await media(tenantId)
    const post = await t.posts.create(
      tenantId,
      {
        translations: [{ locale: 'en', title: 'Cover story', excerpt: 'Short' }],
        featuredImageId: image,
      },
      EDITOR,
    )
    expect(post).toMatchObject({
      kind: 'post',
      status: 'draft',
      blog: { featuredImageId: image, commentsEnabled: true },
    })
    const foreign = await media(randomUUID())
    expect(
      await codeOf(
        t.posts.create(
          tenantId,
          { translations: [{ locale: 'en', title: 'X' }], featuredImageId: foreign },
          EDITOR,
        ),
      ),
    ).toBe('INVALID_INPUT')
    expect(await codeOf(t.posts.patch(post, { featuredImageId: foreign }, EDITOR))).toBe(
      'INVALID_INPUT',
    )
    const patched = await t.posts.patch(
      { tenantId, id: post.id },
      { featuredImageId: null, commentsEnabled: false, metadata: { series: 'a' } },
      EDITOR,
    )
    expect(patched.metadata).toEqual({
      series: 'a',
      blog: { featuredImageId: null, commentsEnabled: false },
    })
    expect(patched.revision).toBe(2)
    const page = await t.nodes.create(
      tenantId,
      { kind: 'page', translations: [{ locale: 'en', title: 'Page' }] },
      EDITOR,
    )
    expect(await codeOf(t.posts.get({ tenantId, id: page.id }))).toBe('NOT_FOUND')
  })

  it('reads a published post by slug with reading time, image and approved comments', async () => {
    const tenantId = randomUUID()
    const image = await media(tenantId)
    const post = await t.posts.create(
      tenantId,
      {
        status: 'published',
        translations: [
          { locale: 'en', title: 'Long read' },
          { locale: 'ru', title: 'Долгое чтение' },
        ],
        bodies: [
          { locale: 'en', body: words(401) },
          { locale: 'ru', format: 'html', body: `<p>${words(150)}</p>` },
        ],
        featuredImageId: image,
      },
      EDITOR,
    )
    const comments = t.comments({ requiresApproval: () => Promise.resolve(false) })
    await comments.create({ tenantId, id: post.id }, { body: 'first' }, { userId: randomUUID() })
    await t.comments().create({ tenantId, id: post.id }, { body: 'wait' }, { userId: randomUUID() })
    const en = await t.posts.findBySlug({ tenantId }, { locale: 'en', slug: 'long-read' })
    expect(en.post).toMatchObject({
      readingMinutes: 3,
      commentCount: 1,
      commentsEnabled: true,
      featuredImage: { id: image, mimeType: 'image/png', width: 640, height: 480 },
    })
    const ru = await t.posts.findBySlug({ tenantId }, { locale: 'ru', slug: 'dolgoe-chtenie' })
    expect(ru.post.readingMinutes).toBe(1)
    expect(ru.post.body?.locale).toBe('ru')
    const draft = await t.posts.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Draft' }] },
      EDITOR,
    )
    expect(draft.status).toBe('draft')
    expect(await codeOf(t.posts.findBySlug({ tenantId }, { locale: 'en', slug: 'draft' }))).toBe(
      'NOT_FOUND',
    )
  })

  it('lists published posts newest first by category, tag or author, in two extra statements', async () => {
    const tenantId = randomUUID()
    const author = randomUUID()
    const made = []
    for (let i = 0; i < 12; i++) {
      const post = await t.posts.create(
        tenantId,
        {
          status: 'published',
          translations: [{ locale: 'en', title: `Post ${i}` }],
          bodies: [{ locale: 'en', body: words(10) }],
          ...(i % 2 === 0 ? { authorId: author } : {}),
        },
        EDITOR,
      )
      made.push(post.id)
    }
    await t.posts.create(tenantId, { translations: [{ locale: 'en', title: 'Draft' }] }, EDITOR)
    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const events = createOutbox({ catalog: createEventCatalog(contentEvents, blogEvents) })
    const counted = createPostService({ db: t.db.withPlugin(counting), events })
    const first = await counted.list(tenantId, { limit: 10, locale: 'en' })
    expect(statements).toBe(4)
    expect(first.items.map((p) => p.id)).toEqual(made.slice(2).reverse())
    expect(first.items[0]).toMatchObject({
      readingMinutes: 1,
      commentCount: 0,
      featuredImage: null,
    })
    const second = await t.posts.list(tenantId, { limit: 10, after: first.next! })
    expect(second.items.map((p) => p.id)).toEqual(made.slice(0, 2).reverse())
    expect(second.next).toBeNull()
    const byAuthor = await t.posts.list(tenantId, { authorId: author, limit: 100 })
    expect(byAuthor.items).toHaveLength(6)
    expect(await codeOf(t.posts.list(tenantId, { tagId: 'nope' }))).toBe('INVALID_INPUT')
  })

  it('lists by category and by tag', async () => {
    const tenantId = randomUUID()
    const deps = { db: t.db, events: createOutbox({ catalog: createEventCatalog(contentEvents) }) }
    const category = await createCategoryService(deps).create(
      tenantId,
      { translations: [{ locale: 'en', name: 'News' }] },
      EDITOR,
    )
    const tags = createTagService(deps)
    const tag = await tags.create(
      tenantId,
      { translations: [{ locale: 'en', name: 'Wool' }] },
      EDITOR,
    )
    const make = (title: string, categoryId: string | null) =>
      t.posts.create(
        tenantId,
        { status: 'published', categoryId, translations: [{ locale: 'en', title }] },
        EDITOR,
      )
    const inCategory = await make('In category', category.id)
    const tagged = await make('Tagged', null)
    await make('Neither', null)
    await tags.attach({ node: { tenantId, id: tagged.id }, tagId: tag.id }, EDITOR)
    const ids = async (input: { categoryId?: string; tagId?: string }) =>
      (await t.posts.list(tenantId, input)).items.map((p) => p.id)
    expect(await ids({ categoryId: category.id })).toEqual([inCategory.id])
    expect(await ids({ tagId: tag.id })).toEqual([tagged.id])
    expect(await ids({ tagId: randomUUID() })).toEqual([])
  })
})
