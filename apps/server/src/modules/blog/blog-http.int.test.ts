import { contentModule } from '@rustok/content/http'
import type { AdminPost, BlogComment, PostListItem, PublicPost } from '@rustok/content/blog'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false })
const at = (xml: string, path: string): unknown =>
  path
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], parser.parse(xml))

/**
 * The blog's user story over HTTP: an editor writes a post in two locales and schedules it; the
 * scheduler publishes it; a visitor reads it by slug and in both feeds; a signed-in reader
 * comments; a moderator approves; the post's comment count follows.
 */
describe('the blog over HTTP', () => {
  let server: TestServer
  let editor: string
  let reader: string

  beforeAll(async () => {
    server = await createTestServer()
    const root = server.superAdmin.accessToken
    for (const module of ['content', 'blog']) {
      const enabled = await server.request('POST', `/api/admin/modules/${module}/enable`, {
        token: root,
      })
      expect(enabled.status).toBe(200)
    }
    editor = server.acme.admin.accessToken
    reader = server.acme.customer.accessToken
    const locale = await server.request('POST', '/api/admin/locales', {
      token: editor,
      body: { code: 'ru', fallback: 'en' },
    })
    expect(locale.status).toBe(201)
    const updated = await server.services.tenants.update(server.acme.tenant.id, {
      domain: 'blog.acme.test',
    })
    expect(updated.ok).toBe(true)
  }, 120_000)
  afterAll(() => server.destroy())

  it('write, schedule, publish, read, feed, comment, approve, count', async () => {
    const created = await server.request('POST', '/api/blog/posts', {
      token: editor,
      body: {
        translations: [
          { locale: 'en', title: 'Winter & wool', excerpt: 'Warm <and> cosy' },
          { locale: 'ru', title: 'Зима и шерсть', excerpt: 'Тепло' },
        ],
        bodies: [
          { locale: 'en', body: Array.from({ length: 450 }, () => 'wool').join(' ') },
          { locale: 'ru', body: 'Шерсть греет.' },
        ],
        publishAt: new Date(Date.now() + 1500).toISOString(),
      },
    })
    expect(created.status).toBe(201)
    const post = await json<AdminPost>(created)
    expect(post).toMatchObject({ kind: 'post', status: 'draft' })
    expect(post.translations.map((t) => t.slug)).toEqual(['winter-and-wool', 'zima-i-sherst'])
    const enPath = '/api/public/blog/posts/by-slug/en/winter-and-wool'
    expect((await server.request('GET', enPath)).status).toBe(404)

    await new Promise((resolve) => setTimeout(resolve, 1600))
    await server.services.composed.services(contentModule).nodes.runSchedule()

    const en = await json<PublicPost>(await server.request('GET', enPath))
    expect(en).toMatchObject({ status: 'published', readingMinutes: 3, commentCount: 0 })
    const ru = await json<PublicPost>(
      await server.request('GET', '/api/public/blog/posts/by-slug/ru/zima-i-sherst'),
    )
    expect(ru.translation).toMatchObject({ locale: 'ru', fallback: false })
    expect(ru.readingMinutes).toBe(1)

    for (const [format, root] of [
      ['rss', 'rss/channel/item'],
      ['atom', 'feed/entry'],
    ] as const) {
      const response = await server.request('GET', `/api/public/blog/feeds/en/${format}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe(`application/${format}+xml; charset=utf-8`)
      const xml = await response.text()
      expect(XMLValidator.validate(xml)).toBe(true)
      expect(at(xml, `${root}/${format === 'rss' ? 'title' : 'title/#text'}`)).toBe('Winter & wool')
      const link = format === 'rss' ? at(xml, `${root}/link`) : at(xml, `${root}/link/@_href`)
      expect(link).toBe('https://blog.acme.test/en/blog/winter-and-wool')
    }
    const ruFeed = await (await server.request('GET', '/api/public/blog/feeds/ru/rss')).text()
    expect(at(ruFeed, 'rss/channel/language')).toBe('ru')
    expect(at(ruFeed, 'rss/channel/item/title')).toBe('Зима и шерсть')

    const commentsPath = `/api/blog/posts/${post.id}/comments`
    expect(
      (await server.request('POST', commentsPath, { body: { body: 'Anonymous' } })).status,
    ).toBe(401)
    const posted = await server.request('POST', commentsPath, {
      token: reader,
      body: { body: 'Lovely <b>post</b>' },
    })
    expect(posted.status).toBe(201)
    const comment = await json<BlogComment>(posted)
    expect(comment).toMatchObject({ status: 'pending', authorId: server.acme.customer.id })
    const publicComments = `/api/public/blog/posts/${post.id}/comments`
    expect(
      (await json<{ items: unknown[] }>(await server.request('GET', publicComments))).items,
    ).toEqual([])

    // A reader may not moderate; the moderator's queue holds the comment.
    const approvePath = `/api/blog/comments/${comment.id}/approve`
    expect((await server.request('POST', approvePath, { token: reader })).status).toBe(403)
    const queue = await json<{ items: BlogComment[] }>(
      await server.request('GET', '/api/blog/comments', { token: editor }),
    )
    expect(queue.items.map((c) => c.id)).toEqual([comment.id])
    expect((await server.request('POST', approvePath, { token: editor })).status).toBe(200)
    const again = await server.request('POST', approvePath, { token: editor })
    expect(again.status).toBe(409)
    expect((await json<{ code: string }>(again)).code).toBe('INVALID_TRANSITION')

    const shown = await json<{ items: BlogComment[] }>(await server.request('GET', publicComments))
    expect(shown.items.map((c) => c.body)).toEqual(['Lovely <b>post</b>'])
    expect((await json<PublicPost>(await server.request('GET', enPath))).commentCount).toBe(1)
    const list = await json<{ items: PostListItem[] }>(
      await server.request('GET', '/api/public/blog/posts?locale=ru'),
    )
    expect(list.items.map((p) => [p.translation?.value.title, p.commentCount])).toEqual([
      ['Зима и шерсть', 1],
    ])
  }, 60_000)

  it('follows a renamed slug, and moderation moves the count both ways', async () => {
    const created = await server.request('POST', '/api/blog/posts', {
      token: editor,
      body: { status: 'published', translations: [{ locale: 'en', title: 'Old name' }] },
    })
    const post = await json<AdminPost>(created)
    const renamed = await server.request('PATCH', `/api/blog/posts/${post.id}`, {
      token: editor,
      body: { translations: [{ locale: 'en', slug: 'new-name' }], commentsEnabled: true },
    })
    expect(renamed.status).toBe(200)
    const old = await server.request(
      'GET',
      '/api/public/blog/posts/by-slug/en/old-name?format=html',
    )
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe(
      '/api/public/blog/posts/by-slug/en/new-name?format=html',
    )

    const comment = await json<BlogComment>(
      await server.request('POST', `/api/blog/posts/${post.id}/comments`, {
        token: reader,
        body: { body: 'First' },
      }),
    )
    const count = async () =>
      (
        await json<PublicPost>(
          await server.request('GET', '/api/public/blog/posts/by-slug/en/new-name'),
        )
      ).commentCount
    const decide = (name: string) =>
      server.request('POST', `/api/blog/comments/${comment.id}/${name}`, { token: editor })
    expect((await decide('approve')).status).toBe(200)
    expect(await count()).toBe(1)
    expect((await decide('spam')).status).toBe(200)
    expect(await count()).toBe(0)
    const spam = await json<{ items: BlogComment[] }>(
      await server.request('GET', `/api/blog/comments?status=spam&postId=${post.id}`, {
        token: editor,
      }),
    )
    expect(spam.items.map((c) => c.id)).toEqual([comment.id])
    expect((await decide('approve')).status).toBe(200)
    expect(await count()).toBe(1)
    const removed = await server.request('DELETE', `/api/blog/comments/${comment.id}`, {
      token: editor,
    })
    expect(removed.status).toBe(204)
    expect(await count()).toBe(0)
    expect((await decide('reject')).status).toBe(404)
  })

  it('answers bad input with field errors and a foreign media id as invalid', async () => {
    const bad = await server.request('POST', '/api/blog/posts', {
      token: editor,
      body: { translations: [], featuredImageId: 'nope' },
    })
    expect(bad.status).toBe(400)
    const foreign = await server.request('POST', '/api/blog/posts', {
      token: editor,
      body: {
        translations: [{ locale: 'en', title: 'X' }],
        featuredImageId: crypto.randomUUID(),
      },
    })
    expect(foreign.status).toBe(400)
    expect((await json<{ errors: { path: string }[] }>(foreign)).errors.map((e) => e.path)).toEqual(
      ['body.featuredImageId'],
    )
    const empty = await server.request('POST', `/api/blog/posts/${crypto.randomUUID()}/comments`, {
      token: reader,
      body: { body: '' },
    })
    expect(empty.status).toBe(400)
  })
})
