import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EDITOR, failure, pagesTestDb, type PagesTestDb } from './pages-test-db.test-helper'

describe('menus and page previews', () => {
  let t: PagesTestDb
  beforeAll(async () => {
    t = await pagesTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('sets a nested menu and resolves it for a reader: fallback labels, published nodes only', async () => {
    const tenantId = randomUUID()
    const { pages, menus } = t.services({
      locales: (_tenant, requested) => Promise.resolve([requested, 'en']),
    })
    const about = await pages.create(
      tenantId,
      {
        translations: [
          { locale: 'en', title: 'About us' },
          { locale: 'ru', title: 'О нас' },
        ],
      },
      EDITOR,
    )
    await t.nodes.publish({ tenantId, id: about.id }, EDITOR)
    const draft = await pages.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Soon' }] },
      EDITOR,
    )
    const menu = await menus.set(
      { tenantId, location: 'header' },
      {
        name: 'Main',
        items: [
          {
            labels: { en: 'Company', ru: 'Компания' },
            url: '/company',
            children: [{ labels: { en: 'About' }, nodeId: about.id }],
          },
          { labels: { en: 'Coming soon' }, nodeId: draft.id },
          { labels: { en: 'Docs' }, url: 'https://docs.example.com' },
        ],
      },
      EDITOR,
    )
    expect(menu.items.map((item) => item.labels.en)).toEqual(['Company', 'Coming soon', 'Docs'])
    const resolved = await menus.resolve({ tenantId, location: 'header' }, 'ru')
    expect(resolved).toEqual([
      {
        label: 'Компания',
        locale: 'ru',
        url: '/company',
        node: null,
        children: [
          {
            label: 'About',
            locale: 'en',
            url: null,
            node: { id: about.id, kind: 'page', slug: 'o-nas' },
            children: [],
          },
        ],
      },
      { label: 'Docs', locale: 'en', url: 'https://docs.example.com', node: null, children: [] },
    ])
    // Setting it again replaces it whole; one menu per location.
    await menus.set({ tenantId, location: 'header' }, { name: 'Main', items: [] }, EDITOR)
    expect((await menus.get({ tenantId, location: 'header' })).items).toEqual([])
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type === 'menu.updated')).toHaveLength(2)
  })

  it('refuses a foreign node, too deep a tree, an unknown location; a foreign tenant sees no menu', async () => {
    const tenantId = randomUUID()
    const { pages, menus } = t.services()
    const foreign = await pages.create(
      randomUUID(),
      { translations: [{ locale: 'en', title: 'X' }] },
      EDITOR,
    )
    expect(
      await failure(
        menus.set(
          { tenantId, location: 'footer' },
          {
            name: 'F',
            items: [
              {
                labels: { en: 'X' },
                url: '/',
                children: [{ labels: { en: 'Y' }, nodeId: foreign.id }],
              },
            ],
          },
          EDITOR,
        ),
      ),
    ).toEqual({
      code: 'INVALID_INPUT',
      errors: [{ path: 'items.0.children.0.nodeId', message: 'is not a node of this tenant' }],
    })
    const deep = (depth: number): { labels: { en: string }; url: string; children?: unknown[] } =>
      depth === 0
        ? { labels: { en: 'leaf' }, url: '/' }
        : { labels: { en: 'n' }, url: '/', children: [deep(depth - 1)] }
    expect(
      (
        await failure(
          menus.set(
            { tenantId, location: 'footer' },
            { name: 'F', items: [deep(4) as never] },
            EDITOR,
          ),
        )
      ).code,
    ).toBe('INVALID_INPUT')
    await menus.set(
      { tenantId, location: 'footer' },
      { name: 'F', items: [deep(3) as never] },
      EDITOR,
    )
    expect(
      (await failure(menus.set({ tenantId, location: 'topbar' }, { name: 'F', items: [] }, EDITOR)))
        .code,
    ).toBe('INVALID_INPUT')
    expect(
      (await failure(menus.resolve({ tenantId: randomUUID(), location: 'footer' }, 'en'))).code,
    ).toBe('NOT_FOUND')
    await menus.delete({ tenantId, location: 'footer' }, EDITOR)
    expect((await failure(menus.get({ tenantId, location: 'footer' }))).code).toBe('NOT_FOUND')
  })

  it('previews a draft with a token that expires and opens nothing for another tenant', async () => {
    let now = new Date('2026-12-02T10:00:00Z')
    const { pages } = t.services({ now: () => now })
    const tenantId = randomUUID()
    const draft = await pages.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Draft' }] },
      EDITOR,
    )
    await pages.addBlock(
      { tenantId, pageId: draft.id },
      { type: 'hero', texts: { en: { title: 'Hi' } } },
      EDITOR,
    )
    // Not public while a draft.
    expect((await failure(pages.findBySlug(tenantId, { locale: 'en', slug: 'draft' }))).code).toBe(
      'NOT_FOUND',
    )
    const { token, expiresAt } = await pages.previewToken(
      { tenantId, pageId: draft.id },
      { ttlSeconds: 60 },
    )
    expect(expiresAt).toBe('2026-12-02T10:01:00.000Z')
    const seen = await pages.preview(tenantId, { token, locale: 'en' })
    expect(seen).toMatchObject({ id: draft.id, status: 'draft', template: 'default' })
    expect(seen.blocks.map((b) => [b.type, b.texts, b.locale])).toEqual([
      ['hero', { title: 'Hi' }, 'en'],
    ])
    // Another tenant (with its own key) cannot use it; a tampered token is refused.
    const other = randomUUID()
    await pages.previewToken({
      tenantId: other,
      pageId: (await pages.create(other, { translations: [{ locale: 'en', title: 'O' }] }, EDITOR))
        .id,
    })
    expect((await failure(pages.preview(other, { token, locale: 'en' }))).code).toBe('UNAUTHORIZED')
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`
    expect((await failure(pages.preview(tenantId, { token: tampered, locale: 'en' }))).code).toBe(
      'UNAUTHORIZED',
    )
    now = new Date('2026-12-02T10:01:01Z')
    expect(await failure(pages.preview(tenantId, { token, locale: 'en' }))).toMatchObject({
      code: 'UNAUTHORIZED',
    })
    // Rotating the tenant's key (deleting it: a new one is made on next use) revokes every token.
    now = new Date('2026-12-02T10:00:30Z')
    const fresh = await pages.previewToken({ tenantId, pageId: draft.id })
    expect((await pages.preview(tenantId, { token: fresh.token, locale: 'en' })).id).toBe(draft.id)
    await t.db.deleteFrom('content_page_preview_keys').where('tenant_id', '=', tenantId).execute()
    expect(
      (await failure(pages.preview(tenantId, { token: fresh.token, locale: 'en' }))).code,
    ).toBe('UNAUTHORIZED')
    // Once published, the public read has the blocks in the reader's locale.
    await t.nodes.publish({ tenantId, id: draft.id }, EDITOR)
    const { page } = await pages.findBySlug(tenantId, { locale: 'en', slug: 'draft' })
    expect(page.blocks).toHaveLength(1)
  })
})
