import type { ForumCategory, ForumReply, ForumTopic } from '@rustok/content/forum'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../compose/demo-seed'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

/** What `pnpm start` shows of the forum: the demo tenant's categories, topics and replies. */
describe('the demo forum', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
    await seedDemo(server.services)
  }, 120_000)
  afterAll(() => server.destroy())

  const json = async <T>(path: string) => {
    const response = await server.request('GET', path, { tenant: 'demo' })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }

  // The announcements category is moderated: its one reply waits for a moderator (pending).
  it('lists the categories in Russian with their counters, and a topic thread', async () => {
    const { items } = await json<{ items: ForumCategory[] }>(
      '/api/public/forum/categories?locale=ru',
    )
    expect(items.map((c) => [c.text?.name, c.topicCount, c.replyCount])).toEqual([
      ['Объявления', 1, 0],
      ['Помощь и вопросы', 1, 3],
    ])
    const help = items[1]!
    const topics = await json<{ items: ForumTopic[] }>(
      `/api/public/forum/categories/${help.id}/topics`,
    )
    expect(topics.items.map((t) => [t.title, t.replyCount])).toEqual([['How do I wash merino?', 3]])
    const replies = await json<{ items: ForumReply[] }>(
      `/api/public/forum/topics/${topics.items[0]!.id}/replies`,
    )
    expect(replies.items.map((r) => [r.depth, r.body])).toEqual([
      [0, 'Cold water, a little wool wash, lay flat to dry.'],
      [1, 'Thanks, that worked!'],
      [0, 'Never tumble dry it.'],
    ])
  })
})
