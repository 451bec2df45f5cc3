import type { AdminPage, PublicPage, ResolvedMenuItem } from '@rustok/content/pages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/**
 * The pages module's story over HTTP, through the whole server: an editor builds a page with six
 * block types in two locales, reorders them, previews the draft with a token, publishes it and
 * puts it in the header menu; a visitor without a token reads the page and the menu in Russian
 * (with the fallback to English); another tenant sees none of it.
 */
describe('pages over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const editor = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token, ...(body === undefined ? {} : { body }) })
  const visitor = (path: string, tenant = server.acme.tenant) =>
    server.request('GET', path, { tenant })

  beforeAll(async () => {
    server = await createTestServer()
    token = server.acme.admin.accessToken
    for (const side of [server.acme, server.globex])
      for (const module of ['content', 'pages'])
        await server.services.tenantModules.enableModule(side.tenant.id, module)
    expect(
      (await editor('POST', '/api/admin/locales', { code: 'ru', fallback: 'en' })).status,
    ).toBe(201)
  }, 120_000)
  afterAll(() => server.destroy())

  it('builds, reorders, previews, publishes and links a page; a visitor reads it and the menu', async () => {
    const created = await editor('POST', '/api/pages', {
      template: 'landing',
      translations: [
        { locale: 'en', title: 'Spring sale', slug: 'spring' },
        { locale: 'ru', title: 'Весенняя распродажа', slug: 'vesna' },
      ],
    })
    expect(created.status).toBe(201)
    const page = await json<AdminPage>(created)
    const blocks = [
      { type: 'hero', texts: { en: { title: 'Spring!' }, ru: { title: 'Весна!' } } },
      { type: 'text', texts: { en: { body: 'Up to **50%** off.' } } },
      { type: 'faq', texts: { en: { items: [{ question: 'Until when?', answer: 'May.' }] } } },
      { type: 'cta', data: { url: '/shop' }, texts: { en: { title: 'Go', label: 'Shop' } } },
      { type: 'newsletter', texts: { en: { title: 'News', button: 'Join' } } },
      { type: 'spacer', data: { size: 'l' } },
    ]
    for (const block of blocks) {
      const added = await editor('POST', `/api/pages/${page.id}/blocks`, block)
      expect(added.status, JSON.stringify(block)).toBe(201)
    }
    const bad = await editor('POST', `/api/pages/${page.id}/blocks`, {
      type: 'video',
      data: { url: 'http://x' },
    })
    expect(bad.status).toBe(400)
    expect((await json<Problem>(bad)).errors?.[0]?.path).toBe('body.data.url')
    const built = await json<AdminPage>(await editor('GET', `/api/pages/${page.id}`))
    const order = [...built.blocks].reverse().map((block) => block.id)
    const reordered = await editor('PUT', `/api/pages/${page.id}/blocks/order`, { blockIds: order })
    expect((await json<AdminPage>(reordered)).blocks.map((block) => block.type)).toEqual([
      'spacer',
      'newsletter',
      'cta',
      'faq',
      'text',
      'hero',
    ])

    // A draft is not public; a preview token opens it, for this tenant only.
    expect((await visitor('/api/public/pages/spring')).status).toBe(404)
    const issued = await editor('POST', `/api/pages/${page.id}/preview-token`, { ttlSeconds: 60 })
    expect(issued.status).toBe(201)
    const { token: preview } = await json<{ token: string }>(issued)
    const previewed = await visitor(`/api/public/page-preview/${preview}?locale=ru`)
    expect(previewed.status).toBe(200)
    expect(previewed.headers.get('cache-control')).toBe('no-store')
    expect((await json<PublicPage>(previewed)).status).toBe('draft')
    expect(
      (await visitor(`/api/public/page-preview/${preview}`, server.globex.tenant)).status,
    ).toBe(401)

    expect((await editor('POST', `/api/content/nodes/${page.id}/publish`)).status).toBe(200)
    const menu = await editor('PUT', '/api/menus/header', {
      name: 'Main',
      items: [
        { labels: { en: 'Sale', ru: 'Распродажа' }, nodeId: page.id },
        {
          labels: { en: 'Blog' },
          url: '/blog',
          children: [{ labels: { en: 'News' }, url: '/blog/news' }],
        },
      ],
    })
    expect(menu.status).toBe(200)

    const read = await json<PublicPage>(await visitor('/api/public/pages/vesna?locale=ru'))
    expect(read.translation).toMatchObject({
      locale: 'ru',
      value: { title: 'Весенняя распродажа' },
    })
    expect(read.blocks.map((block) => [block.type, block.locale])).toEqual([
      ['spacer', null],
      ['newsletter', 'en'],
      ['cta', 'en'],
      ['faq', 'en'],
      ['text', 'en'],
      ['hero', 'ru'],
    ])
    const items = (
      await json<{ items: ResolvedMenuItem[] }>(await visitor('/api/public/menus/header?locale=ru'))
    ).items
    expect(items.map((item) => [item.label, item.node?.slug ?? item.url])).toEqual([
      ['Распродажа', 'vesna'],
      ['Blog', '/blog'],
    ])
    expect(items[1]?.children.map((item) => item.label)).toEqual(['News'])

    // Another tenant: none of it.
    const globex = { tenant: server.globex.tenant, token: server.globex.admin.accessToken }
    expect((await server.request('GET', `/api/pages/${page.id}`, globex)).status).toBe(404)
    expect((await visitor('/api/public/pages/spring', server.globex.tenant)).status).toBe(404)
    expect((await visitor('/api/public/menus/header', server.globex.tenant)).status).toBe(404)
  })
})
