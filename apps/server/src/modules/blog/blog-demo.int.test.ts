import type { BlogComment, PostListItem, PublicPost } from '@rustok/content/blog'
import { XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../compose/demo-seed'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

/** What `pnpm start` shows of the blog: the demo tenant's posts, comments and feeds. */
describe('the demo blog', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
    await seedDemo(server.services)
  }, 120_000)
  afterAll(() => server.destroy())

  const get = async (path: string) => {
    const response = await server.request('GET', path, { tenant: 'demo' })
    expect(response.status, path).toBe(200)
    return response
  }
  const json = async <T>(path: string) => (await (await get(path)).json()) as T

  it('lists the published posts in Russian (fallback where needed), not the scheduled one', async () => {
    const page = await json<{ items: PostListItem[] }>('/api/public/blog/posts?locale=ru')
    const titles = page.items.map((item) => item.translation?.value.title)
    expect(titles).toEqual(
      expect.arrayContaining(['Зачем мы сделали headless-магазин', 'Caring for linen']),
    )
    expect(titles).not.toContain('Осенняя коллекция: первый взгляд')
    const headless = page.items.find(
      (item) => item.translation?.locale === 'ru' && item.commentCount,
    )
    expect(headless).toMatchObject({ commentCount: 2, readingMinutes: 1 })
  })

  it('shows approved comments with a reply, and keeps the spam in the queue', async () => {
    const post = await json<PublicPost>(
      '/api/public/blog/posts/by-slug/en/why-we-built-a-headless-shop',
    )
    const comments = await json<{ items: BlogComment[] }>(
      `/api/public/blog/posts/${post.id}/comments`,
    )
    expect(comments.items.map((c) => [c.body, c.depth])).toEqual([
      ['Great read, looking forward to the next post!', 0],
      ['Does it support more than two languages?', 1],
    ])
  })

  it('serves both feeds as valid XML', async () => {
    for (const format of ['rss', 'atom']) {
      const xml = await (await get(`/api/public/blog/feeds/ru/${format}`)).text()
      expect(XMLValidator.validate(xml)).toBe(true)
      expect(xml).toContain('Зачем мы сделали headless-магазин')
    }
  })
})
