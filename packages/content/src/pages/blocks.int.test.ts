import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BLOCK_TYPES } from './block-types'
import { EDITOR, failure, pagesTestDb, type PagesTestDb } from './pages-test-db.test-helper'

/** A valid block of each of the 15 types. */
const SAMPLES = {
  hero: { data: { ctaUrl: '/shop' }, texts: { en: { title: 'Welcome', ctaLabel: 'Shop' } } },
  text: { data: { format: 'markdown' }, texts: { en: { body: '# Hi' } } },
  image: { data: { imageId: randomUUID() }, texts: { en: { alt: 'A view' } } },
  gallery: { data: { imageIds: [randomUUID(), randomUUID()] }, texts: { en: { title: 'Views' } } },
  cta: { data: { url: 'https://example.com' }, texts: { en: { title: 'Join', label: 'Go' } } },
  features: { data: { columns: 3 }, texts: { en: { items: [{ title: 'Fast', body: 'Very' }] } } },
  testimonials: { data: {}, texts: { en: { items: [{ quote: 'Great', author: 'Ann' }] } } },
  pricing: {
    data: {},
    texts: { en: { plans: [{ name: 'Pro', price: '$9', features: ['All'] }] } },
  },
  faq: { data: {}, texts: { en: { items: [{ question: 'Why?', answer: 'Because.' }] } } },
  contact: { data: { email: 'hi@example.com' }, texts: { en: { title: 'Write to us' } } },
  product_grid: { data: { productIds: [randomUUID()] }, texts: { en: { title: 'Picks' } } },
  newsletter: { data: {}, texts: { en: { title: 'News', button: 'Subscribe' } } },
  video: { data: { url: 'https://video.example.com/1' }, texts: { en: {} } },
  html: { data: {}, texts: { en: { html: '<p onclick="x()">Hi<script>alert(1)</script></p>' } } },
  spacer: { data: { size: 'm' }, texts: {} },
} as const

describe('page blocks', () => {
  let t: PagesTestDb
  beforeAll(async () => {
    t = await pagesTestDb()
    console.info(`[pages] blocks on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const newPage = async (tenantId = randomUUID()) => {
    const page = await t
      .services()
      .pages.create(
        tenantId,
        { template: 'landing', translations: [{ locale: 'en', title: 'Home' }] },
        EDITOR,
      )
    return { tenantId, pageId: page.id }
  }

  it('adds one block of each of the 15 types, in order, each checked by its own schema', async () => {
    const { pages } = t.services()
    const ref = await newPage()
    for (const type of BLOCK_TYPES) await pages.addBlock(ref, { type, ...SAMPLES[type] }, EDITOR)
    const page = await pages.get(ref)
    expect(page.template).toBe('landing')
    expect(page.blocks.map((b) => [b.position, b.type])).toEqual(
      BLOCK_TYPES.map((type, i) => [i, type]),
    )
    // The html block's markup is sanitised on the way in.
    expect(page.blocks.find((b) => b.type === 'html')?.texts.en).toEqual({ html: '<p>Hi</p>' })
    // Every block change is a change of the page: node.updated, one per change.
    const types = (await t.events(ref.tenantId)).map((e) => e.type)
    expect(types.filter((type) => type === 'node.updated')).toHaveLength(15)
  })

  it('refuses data or texts that do not fit the type, naming the field', async () => {
    const { pages } = t.services()
    const ref = await newPage()
    expect(
      await failure(pages.addBlock(ref, { type: 'image', data: {}, texts: {} }, EDITOR)),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'data.imageId' }] })
    expect(
      await failure(
        pages.addBlock(ref, { type: 'spacer', data: { size: 'm', colour: 'red' } }, EDITOR),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'data.colour' }] })
    expect(
      await failure(
        pages.addBlock(ref, { type: 'cta', data: { url: 'javascript:alert(1)' } }, EDITOR),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'data.url' }] })
    expect(
      await failure(
        pages.addBlock(ref, { type: 'hero', texts: { en: { subtitle: 'x' } } }, EDITOR),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'texts.en.title' }] })
    expect((await failure(pages.addBlock(ref, { type: 'carousel' as never }, EDITOR))).code).toBe(
      'INVALID_INPUT',
    )
    expect((await pages.get(ref)).blocks).toEqual([])
  })

  it('merges texts by locale, inserts at a position, deletes and reorders', async () => {
    const { pages } = t.services()
    const ref = await newPage()
    const a = (await pages.addBlock(ref, { type: 'text', texts: { en: { body: 'A' } } }, EDITOR))
      .blocks[0]
    const b = (await pages.addBlock(ref, { type: 'text', texts: { en: { body: 'B' } } }, EDITOR))
      .blocks[1]
    const first = await pages.addBlock(
      ref,
      { type: 'spacer', data: { size: 's' }, position: 0 },
      EDITOR,
    )
    expect(first.blocks.map((x) => x.type)).toEqual(['spacer', 'text', 'text'])
    const merged = await pages.updateBlock(
      { ...ref, blockId: a?.id ?? '' },
      { texts: { ru: { body: 'А' } } },
      EDITOR,
    )
    expect(merged.blocks[1]?.texts).toEqual({ en: { body: 'A' }, ru: { body: 'А' } })
    const dropped = await pages.updateBlock(
      { ...ref, blockId: a?.id ?? '' },
      { texts: { en: null } },
      EDITOR,
    )
    expect(dropped.blocks[1]?.texts).toEqual({ ru: { body: 'А' } })
    const ids = first.blocks.map((x) => x.id)
    const reordered = await pages.reorder(ref, { blockIds: [...ids].reverse() }, EDITOR)
    expect(reordered.blocks.map((x) => x.id)).toEqual([...ids].reverse())
    expect(await failure(pages.reorder(ref, { blockIds: ids.slice(1) }, EDITOR))).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'blockIds' }],
    })
    const after = await pages.deleteBlock({ ...ref, blockId: b?.id ?? '' }, EDITOR)
    expect(after.blocks.map((x) => x.position)).toEqual([0, 1])
    // Another tenant's page or block is not found; a block of another page is not this page's.
    const other = await newPage()
    expect((await failure(pages.get({ ...ref, tenantId: other.tenantId }))).code).toBe('NOT_FOUND')
    expect(
      (await failure(pages.deleteBlock({ ...other, blockId: a?.id ?? '' }, EDITOR))).code,
    ).toBe('NOT_FOUND')
    expect(
      (await failure(pages.reorder(other, { blockIds: [a?.id ?? ''] }, EDITOR))).errors,
    ).toEqual([{ path: 'blockIds.0', message: 'is not a block of this page' }])
    // The database refuses a block on another tenant's page, or on a node that is not a page.
    const post = await t.nodes.create(
      ref.tenantId,
      { kind: 'post', translations: [{ locale: 'en', title: 'P' }] },
      EDITOR,
    )
    for (const [tenant, page] of [
      [other.tenantId, ref.pageId],
      [ref.tenantId, post.id],
    ]) {
      const raw = sql`insert into content_page_blocks (id, tenant_id, page_id, position, type)
        values (${randomUUID()}, ${tenant}, ${page}, 9, 'spacer')`.execute(t.db)
      expect(
        await raw.then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        ),
      ).toBe('23503')
    }
  })

  it('keeps positions 0..n-1 in the order of a model under random adds, deletes and reorders', async () => {
    const { pages } = t.services()
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant('add' as const),
              at: fc.option(fc.nat(6), { nil: undefined }),
            }),
            fc.record({ op: fc.constant('delete' as const), index: fc.nat(6) }),
            fc.record({ op: fc.constant('reorder' as const), seed: fc.nat() }),
          ),
          { maxLength: 12 },
        ),
        async (commands) => {
          const ref = await newPage()
          let model: string[] = []
          for (const command of commands) {
            if (command.op === 'add') {
              const page = await pages.addBlock(
                ref,
                {
                  type: 'spacer',
                  data: { size: 's' },
                  ...(command.at === undefined ? {} : { position: command.at }),
                },
                EDITOR,
              )
              const added = page.blocks.find((block) => !model.includes(block.id))?.id ?? ''
              const at = Math.min(command.at ?? model.length, model.length)
              model = [...model.slice(0, at), added, ...model.slice(at)]
            } else if (command.op === 'delete' && model.length > 0) {
              const id = model[command.index % model.length] ?? ''
              await pages.deleteBlock({ ...ref, blockId: id }, EDITOR)
              model = model.filter((x) => x !== id)
            } else if (command.op === 'reorder') {
              const order = [...model].sort(
                (x, y) =>
                  ((command.seed ^ x.charCodeAt(35)) % 7) -
                    ((command.seed ^ y.charCodeAt(35)) % 7) || (x < y ? -1 : 1),
              )
              await pages.reorder(ref, { blockIds: order }, EDITOR)
              model = order
            }
          }
          const stored = (await pages.get(ref)).blocks
          expect(stored.map((block) => block.id)).toEqual(model)
          expect(stored.map((block) => block.position)).toEqual(model.map((_, i) => i))
        },
      ),
      { numRuns: 15 },
    )
  }, 120_000)
})
