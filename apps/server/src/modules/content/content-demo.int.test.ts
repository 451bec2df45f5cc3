import type { LocalizedNode, NodeListItem } from '@rustok/content'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../compose/demo-seed'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

/** What `pnpm start` shows a newcomer: the demo tenant's published content in two languages. */
describe('the demo content', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
    await seedDemo(server.services)
  }, 120_000)
  afterAll(() => server.destroy())

  const get = async <T>(path: string) => {
    const response = await server.request('GET', path, { tenant: 'demo' })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }

  it('has published pages and posts in English and Russian', async () => {
    const page = await get<{ items: NodeListItem[] }>('/api/public/content/nodes?locale=ru')
    // The blog module's demo posts are in this list too (its own test checks them).
    expect(page.items.map((item) => item.translation?.value.title)).toEqual(
      expect.arrayContaining(['Spring collection', 'Контакты', 'О нас', 'Привет, мир']),
    )
    const about = await get<LocalizedNode>('/api/public/content/slugs/page/ru/o-nas?format=html')
    expect(about.body?.value.html).toContain('<strong>RusToK</strong>')
  })

  it('shows the English-only post to a Russian reader through the fallback', async () => {
    const post = await get<LocalizedNode>(
      '/api/public/content/slugs/post/en/spring-collection?locale=ru',
    )
    expect(post.translation).toMatchObject({ locale: 'en', fallback: false })
    const page = await get<{ items: NodeListItem[] }>(
      '/api/public/content/nodes?locale=ru&kind=post',
    )
    const spring = page.items.find((item) => item.translation?.value.slug === 'spring-collection')
    expect(spring?.translation).toMatchObject({ locale: 'en', requested: 'ru', fallback: true })
  })
})
