import type { ContentNode, LocalizedNode, NodeListItem, NodeRevisionSummary } from '@rustok/content'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

/**
 * The content module's user story over HTTP, through the whole server: an admin signs in,
 * enables content and a second locale, writes a draft in two languages, publishes it, and a
 * reader without a token finds it by slug in either language, follows a renamed slug, and sees
 * the fallback where a translation is missing.
 */
describe('content over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  interface Problem {
    readonly code: string
    readonly errors?: readonly { readonly path: string; readonly message: string }[]
  }
  interface Page<T> {
    readonly items: readonly T[]
  }

  beforeAll(async () => {
    server = await createTestServer()
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: server.acme.admin.email, password: TEST_PASSWORD },
    })
    expect(login.status).toBe(200)
    token = (await json<{ accessToken: string }>(login)).accessToken
    // Turning modules on is the tenant owner's (super_admin's) call; the admin writes content.
    const root = server.superAdmin.accessToken
    const enabled = await server.request('POST', '/api/admin/modules/content/enable', {
      token: root,
    })
    expect(enabled.status).toBe(200)
    const locale = await server.request('POST', '/api/admin/locales', {
      token,
      body: { code: 'ru', fallback: 'en' },
    })
    expect(locale.status).toBe(201)
  }, 120_000)
  afterAll(() => server.destroy())

  it('takes a two-language draft to a published page a reader finds by slug', async () => {
    const created = await server.request('POST', '/api/content/nodes', {
      token,
      body: {
        kind: 'page',
        translations: [
          { locale: 'en', title: 'Opening hours' },
          { locale: 'ru', title: 'Часы работы' },
        ],
        bodies: [
          { locale: 'en', body: 'Open **daily**. <script>alert(1)</script>' },
          {
            locale: 'ru',
            format: 'html',
            body: '<p onclick="x()">Каждый день</p><img src=x onerror=alert(1)>',
          },
        ],
      },
    })
    expect(created.status).toBe(201)
    const node = await json<ContentNode>(created)
    expect(node.status).toBe('draft')
    expect(node.translations.map((t) => t.slug)).toEqual(['opening-hours', 'chasy-raboty'])
    // The stored HTML body is already clean.
    const ruBody = node.bodies.find((b) => b.locale === 'ru')?.body ?? ''
    expect(ruBody).not.toMatch(/onclick|onerror/)

    const publicPath = '/api/public/content/slugs/page/en/opening-hours'
    expect((await server.request('GET', publicPath)).status).toBe(404)
    const published = await server.request('POST', `/api/content/nodes/${node.id}/publish`, {
      token,
    })
    expect(published.status).toBe(200)

    const read = await server.request('GET', `${publicPath}?format=html`)
    expect(read.status).toBe(200)
    const page = await json<LocalizedNode>(read)
    expect(page.translation).toMatchObject({
      locale: 'en',
      fallback: false,
      value: { title: 'Opening hours' },
    })
    expect(page.body?.value.html).toContain('<strong>daily</strong>')
    expect(page.body?.value.html).not.toContain('<script')

    const ru = await json<LocalizedNode>(
      await server.request('GET', '/api/public/content/slugs/page/ru/chasy-raboty'),
    )
    expect(ru.translation).toMatchObject({ locale: 'ru', value: { title: 'Часы работы' } })

    const list = await json<Page<NodeListItem>>(
      await server.request('GET', '/api/public/content/nodes?kind=page&locale=ru'),
    )
    expect(list.items.map((item) => item.id)).toContain(node.id)
  })

  it('answers an old slug with 301 to the new one', async () => {
    const node = await json<ContentNode>(
      await server.request('POST', '/api/content/nodes', {
        token,
        body: {
          kind: 'page',
          status: 'published',
          translations: [{ locale: 'en', title: 'Team' }],
        },
      }),
    )
    const renamed = await server.request('PATCH', `/api/content/nodes/${node.id}`, {
      token,
      body: { translations: [{ locale: 'en', slug: 'our-team' }] },
    })
    expect(renamed.status).toBe(200)
    const old = await server.request('GET', '/api/public/content/slugs/page/en/team?format=html')
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe(
      '/api/public/content/slugs/page/en/our-team?format=html',
    )
    expect((await server.request('GET', '/api/public/content/slugs/page/en/our-team')).status).toBe(
      200,
    )
  })

  it('falls back to English for a Russian reader of an English-only post, and says so', async () => {
    const node = await json<ContentNode>(
      await server.request('POST', '/api/content/nodes', {
        token,
        body: {
          kind: 'post',
          status: 'published',
          translations: [{ locale: 'en', title: 'Only English' }],
        },
      }),
    )
    const read = await json<LocalizedNode>(
      await server.request('GET', `/api/public/content/nodes/${node.id}?locale=ru`),
    )
    expect(read.translation).toMatchObject({ locale: 'en', requested: 'ru', fallback: true })
  })

  it('answers bad input, illegal transitions, taken slugs, foreign and missing ids with problems', async () => {
    const bad = await server.request('POST', '/api/content/nodes', {
      token,
      body: { kind: 'Post!', translations: [] },
    })
    expect(bad.status).toBe(400)
    const problem = await json<Problem>(bad)
    expect(problem.code).toBe('INVALID_INPUT')
    expect(problem.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(['body.kind', 'body.translations']),
    )

    const draft = await json<ContentNode>(
      await server.request('POST', '/api/content/nodes', {
        token,
        body: { kind: 'post', translations: [{ locale: 'en', title: 'Draft only' }] },
      }),
    )
    const archive = await server.request('POST', `/api/content/nodes/${draft.id}/archive`, {
      token,
    })
    expect(archive.status).toBe(409)
    expect((await json<Problem>(archive)).code).toBe('INVALID_TRANSITION')

    const taken = await server.request('POST', '/api/content/nodes', {
      token,
      body: { kind: 'post', translations: [{ locale: 'en', title: 'Draft only' }] },
    })
    expect(taken.status).toBe(409)
    expect((await json<Problem>(taken)).errors).toEqual([
      { path: 'body.translations.0.slug', message: '"draft-only" is taken by another node' },
    ])

    // A draft is not public; another tenant's id is not found, with or without a token.
    expect((await server.request('GET', `/api/public/content/nodes/${draft.id}`)).status).toBe(404)
    const globexAdmin = await server.signIn(
      server.globex.tenant,
      server.globex.admin.email,
      TEST_PASSWORD,
    )
    await server.services.tenantModules.enableModule(server.globex.tenant.id, 'content')
    const foreign = await server.request('GET', `/api/content/nodes/${draft.id}`, {
      tenant: server.globex.tenant,
      token: globexAdmin.accessToken,
    })
    expect(foreign.status).toBe(404)
  })

  it('lets a customer read published content but not write it', async () => {
    const customer = await server.signIn(
      server.acme.tenant,
      server.acme.customer.email,
      TEST_PASSWORD,
    )
    const refused = await server.request('POST', '/api/content/nodes', {
      token: customer.accessToken,
      body: { kind: 'post', translations: [{ locale: 'en', title: 'Nope' }] },
    })
    expect(refused.status).toBe(403)
    const list = await server.request('GET', '/api/content/nodes', { token: customer.accessToken })
    expect(list.status).toBe(200)
  })

  it('keeps revisions and restores one', async () => {
    const node = await json<ContentNode>(
      await server.request('POST', '/api/content/nodes', {
        token,
        body: { kind: 'article', translations: [{ locale: 'en', title: 'Version one' }] },
      }),
    )
    await server.request('PATCH', `/api/content/nodes/${node.id}`, {
      token,
      body: { translations: [{ locale: 'en', title: 'Version two' }] },
    })
    const revisions = await json<Page<NodeRevisionSummary>>(
      await server.request('GET', `/api/content/nodes/${node.id}/revisions`, { token }),
    )
    expect(revisions.items.map((r) => r.number)).toEqual([2, 1])
    const restored = await json<ContentNode>(
      await server.request('POST', `/api/content/nodes/${node.id}/revisions/1/restore`, { token }),
    )
    expect(restored.translations[0]?.title).toBe('Version one')
    expect(restored.revision).toBe(3)
  })
})
