import type {
  Category,
  ContentNode,
  LocalizedCategory,
  LocalizedNode,
  LocalizedTag,
  NodeListItem,
  NodeSeo,
  Tag,
} from '@rustok/content'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

/**
 * Categories, tags and SEO meta over HTTP, through the whole server: an admin files a post under
 * a category, tags it, gives it SEO meta; a reader without a token lists the post by tag, reads
 * the categories and tags in Russian (with the fallback to English), and gets the meta with the
 * post.
 */
describe('content taxonomy and SEO over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  interface Problem {
    readonly code: string
    readonly errors?: readonly { readonly path: string; readonly message: string }[]
  }
  interface Page<T> {
    readonly items: readonly T[]
    readonly nextCursor: string | null
  }

  beforeAll(async () => {
    server = await createTestServer()
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: server.acme.admin.email, password: TEST_PASSWORD },
    })
    token = (await json<{ accessToken: string }>(login)).accessToken
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'content')
    const locale = await server.request('POST', '/api/admin/locales', {
      token,
      body: { code: 'ru', fallback: 'en' },
    })
    expect(locale.status).toBe(201)
  }, 120_000)
  afterAll(() => server.destroy())

  it('files, tags and describes a post; a reader finds it by tag and reads its meta', async () => {
    const created = await server.request('POST', '/api/content/categories', {
      token,
      body: {
        translations: [
          { locale: 'en', name: 'Engineering' },
          { locale: 'ru', name: 'Разработка' },
        ],
      },
    })
    expect(created.status).toBe(201)
    const category = await json<Category>(created)
    const child = await json<Category>(
      await server.request('POST', '/api/content/categories', {
        token,
        body: { parentId: category.id, translations: [{ locale: 'en', name: 'Databases' }] },
      }),
    )
    expect(child.depth).toBe(1)
    const [postgres, rust] = await Promise.all(
      ['PostgreSQL', 'Rust'].map(async (name) => {
        const response = await server.request('POST', '/api/content/tags', {
          token,
          body: { translations: [{ locale: 'en', name }] },
        })
        expect(response.status).toBe(201)
        return json<Tag>(response)
      }),
    )
    const node = await json<ContentNode>(
      await server.request('POST', '/api/content/nodes', {
        token,
        body: {
          kind: 'post',
          status: 'published',
          categoryId: child.id,
          translations: [{ locale: 'en', title: 'Partial indexes' }],
        },
      }),
    )
    for (const tag of [postgres, rust]) {
      const attached = await server.request(
        'PUT',
        `/api/content/nodes/${node.id}/tags/${tag?.id}`,
        {
          token,
        },
      )
      expect(attached.status).toBe(204)
    }
    // Attaching again changes nothing.
    await server.request('PUT', `/api/content/nodes/${node.id}/tags/${rust?.id}`, { token })
    const detached = await server.request(
      'DELETE',
      `/api/content/nodes/${node.id}/tags/${rust?.id}`,
      { token },
    )
    expect(detached.status).toBe(204)

    const byTag = await json<Page<NodeListItem>>(
      await server.request('GET', `/api/public/content/nodes?tagId=${postgres?.id}`),
    )
    expect(byTag.items.map((item) => item.id)).toEqual([node.id])
    const noneByRust = await json<Page<NodeListItem>>(
      await server.request('GET', `/api/content/nodes?tagId=${rust?.id}`, { token }),
    )
    expect(noneByRust.items).toEqual([])

    const seo = await server.request('PUT', `/api/content/nodes/${node.id}/seo/en`, {
      token,
      body: {
        title: 'Partial indexes in PostgreSQL',
        canonicalUrl: 'https://blog.example.com/partial-indexes',
        robots: 'index, follow',
        openGraph: { type: 'article', image: 'https://cdn.example.com/pi.png' },
        structuredData: { '@context': 'https://schema.org', '@type': 'BlogPosting' },
      },
    })
    expect(seo.status).toBe(200)
    expect((await json<NodeSeo>(seo)).robots).toBe('index,follow')

    const read = await json<LocalizedNode>(
      await server.request('GET', `/api/public/content/nodes/${node.id}?locale=ru`),
    )
    expect(read.tagIds).toEqual([postgres?.id])
    expect(read.categoryId).toBe(child.id)
    expect(read.seo).toMatchObject({
      locale: 'en',
      requested: 'ru',
      fallback: true,
      value: {
        title: 'Partial indexes in PostgreSQL',
        openGraph: { type: 'article', title: null },
        structuredData: { '@type': 'BlogPosting' },
      },
    })

    const categories = await json<Page<LocalizedCategory>>(
      await server.request('GET', '/api/public/content/categories?locale=ru'),
    )
    const listed = categories.items.filter((item) => [category.id, child.id].includes(item.id))
    expect(listed.map((item) => [item.translation?.value.name, item.nodeCount])).toEqual([
      ['Разработка', 0],
      ['Databases', 1],
    ])
    const tags = await json<Page<LocalizedTag>>(
      await server.request('GET', '/api/public/content/tags?sort=-useCount&limit=1'),
    )
    expect(tags.items.map((item) => [item.id, item.useCount])).toEqual([[postgres?.id, 1]])
    expect(tags.nextCursor).not.toBeNull()
  })

  it('answers taken slugs, cycles, bad meta and foreign ids with problems', async () => {
    const news = await json<Category>(
      await server.request('POST', '/api/content/categories', {
        token,
        body: { translations: [{ locale: 'en', name: 'News' }] },
      }),
    )
    const taken = await server.request('POST', '/api/content/categories', {
      token,
      body: { translations: [{ locale: 'en', name: 'Other', slug: 'news' }] },
    })
    expect(taken.status).toBe(409)
    expect((await json<Problem>(taken)).errors).toEqual([
      { path: 'body.translations.0.slug', message: '"news" is taken by another category' },
    ])
    const cycle = await server.request('PATCH', `/api/content/categories/${news.id}`, {
      token,
      body: { parentId: news.id },
    })
    expect(cycle.status).toBe(400)
    expect((await json<Problem>(cycle)).errors?.map((e) => e.path)).toEqual(['body.parentId'])

    const node = await json<ContentNode>(
      await server.request('POST', '/api/content/nodes', {
        token,
        body: { kind: 'post', translations: [{ locale: 'en', title: 'Meta' }] },
      }),
    )
    const bad = await server.request('PUT', `/api/content/nodes/${node.id}/seo/en`, {
      token,
      body: { canonicalUrl: 'javascript:alert(1)', robots: 'noindex,index', structuredData: [] },
    })
    expect(bad.status).toBe(400)
    expect((await json<Problem>(bad)).errors?.map((e) => e.path)).toEqual([
      'body.canonicalUrl',
      'body.robots',
    ])
    const missing = await server.request('DELETE', `/api/content/nodes/${node.id}/seo/de`, {
      token,
    })
    expect(missing.status).toBe(404)

    const globexAdmin = await server.signIn(
      server.globex.tenant,
      server.globex.admin.email,
      TEST_PASSWORD,
    )
    await server.services.tenantModules.enableModule(server.globex.tenant.id, 'content')
    const theirs = { tenant: server.globex.tenant, token: globexAdmin.accessToken }
    const theirTag = await json<Tag>(
      await server.request('POST', '/api/content/tags', {
        ...theirs,
        body: { translations: [{ locale: 'en', name: 'Theirs' }] },
      }),
    )
    const crossTag = await server.request(
      'PUT',
      `/api/content/nodes/${node.id}/tags/${theirTag.id}`,
      {
        token,
      },
    )
    expect(crossTag.status).toBe(404)
    const crossCategory = await server.request('GET', `/api/content/categories/${news.id}`, theirs)
    expect(crossCategory.status).toBe(404)

    const customer = await server.signIn(
      server.acme.tenant,
      server.acme.customer.email,
      TEST_PASSWORD,
    )
    const refused = await server.request('POST', '/api/content/categories', {
      token: customer.accessToken,
      body: { translations: [{ locale: 'en', name: 'Nope' }] },
    })
    expect(refused.status).toBe(403)
  })
})
