import type { ForumCategory, ForumReply, ForumTopic } from '@rustok/content/forum'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
const REPLIES = 100

/**
 * The forum's user story over HTTP: an admin makes a category; a member opens a topic; other
 * members reply concurrently and the counters are exact; a moderator locks the topic and further
 * replies are refused with 409 TOPIC_LOCKED; the public reads show it all without a token.
 */
describe('the forum over HTTP', () => {
  let server: TestServer
  let admin: string
  let members: string[]

  beforeAll(async () => {
    server = await createTestServer()
    const root = server.superAdmin.accessToken
    for (const module of ['content', 'forum']) {
      const enabled = await server.request('POST', `/api/admin/modules/${module}/enable`, {
        token: root,
      })
      expect(enabled.status).toBe(200)
    }
    admin = server.acme.admin.accessToken
    members = [server.acme.customer.accessToken]
    for (let i = 0; i < 4; i++) {
      const email = `member${i}@acme.test`
      const registered = await server.services.users.register({
        tenantId: server.acme.tenant.id,
        email,
        password: 'correct horse battery staple',
        role: 'customer',
        emailVerified: true,
      })
      expect(registered.ok).toBe(true)
      members.push(
        (await server.signIn(server.acme.tenant, email, 'correct horse battery staple'))
          .accessToken,
      )
    }
  }, 120_000)
  afterAll(() => server.destroy())

  it('open, reply concurrently (exact counters), lock, refuse; public reads', async () => {
    const created = await server.request('POST', '/api/forum/categories', {
      token: admin,
      body: { translations: [{ locale: 'en', name: 'General' }] },
    })
    expect(created.status).toBe(201)
    const category = await json<ForumCategory>(created)

    const refused = await server.request('POST', '/api/forum/categories', {
      token: members[0],
      body: { translations: [{ locale: 'en', name: 'Mine' }] },
    })
    expect(refused.status).toBe(403)

    const opened = await server.request('POST', '/api/forum/topics', {
      token: members[0],
      body: { categoryId: category.id, locale: 'en', title: 'Show your knits', body: 'Go!' },
    })
    expect(opened.status).toBe(201)
    const topic = await json<ForumTopic>(opened)

    const replies = await Promise.all(
      Array.from({ length: REPLIES }, (_, i) =>
        server.request('POST', `/api/forum/topics/${topic.id}/replies`, {
          token: members[(i % 4) + 1],
          body: { body: `Reply ${i}` },
        }),
      ),
    )
    expect(replies.map((r) => r.status)).toEqual(Array(REPLIES).fill(201))

    const read = await json<ForumTopic>(
      await server.request('GET', `/api/public/forum/topics/${topic.id}`, {}),
    )
    expect(read.replyCount).toBe(REPLIES)
    const listed = await json<{ items: ForumCategory[] }>(
      await server.request('GET', '/api/public/forum/categories?locale=en', {}),
    )
    expect(listed.items.find((c) => c.id === category.id)).toMatchObject({
      topicCount: 1,
      replyCount: REPLIES,
      lastPosterId: read.lastPosterId,
    })

    const player = await server.request('POST', `/api/forum/topics/${topic.id}/lock`, {
      token: members[0],
    })
    expect(player.status).toBe(403)
    const locked = await server.request('POST', `/api/forum/topics/${topic.id}/lock`, {
      token: admin,
    })
    expect(locked.status).toBe(200)
    const late = await server.request('POST', `/api/forum/topics/${topic.id}/replies`, {
      token: members[1],
      body: { body: 'Too late' },
    })
    expect(late.status).toBe(409)
    expect(await json<{ code: string }>(late)).toMatchObject({ code: 'TOPIC_LOCKED' })
    const again = await server.request('POST', `/api/forum/topics/${topic.id}/lock`, {
      token: admin,
    })
    expect(again.status).toBe(409)

    // Every reply over keyset pages, in thread order; the counters did not move.
    const seen: ForumReply[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=30&cursor=${cursor}` : '?limit=30'
      const response = await server.request(
        'GET',
        `/api/public/forum/topics/${topic.id}/replies${query}`,
        {},
      )
      expect(response.status).toBe(200)
      const page = await json<{ items: ForumReply[]; nextCursor: string | null }>(response)
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(seen.map((r) => r.id)).size).toBe(REPLIES)
    const after = await json<ForumTopic>(
      await server.request('GET', `/api/public/forum/topics/${topic.id}`, {}),
    )
    expect([after.replyCount, after.locked]).toEqual([REPLIES, true])
  }, 120_000)

  it('moderated category: a reply waits in the queue, a moderator approves it; pinned lists first', async () => {
    const category = await json<ForumCategory>(
      await server.request('POST', '/api/forum/categories', {
        token: admin,
        body: { translations: [{ locale: 'en', name: 'Moderated' }], moderated: true },
      }),
    )
    const open = (title: string) =>
      server
        .request('POST', '/api/forum/topics', {
          token: members[0],
          body: { categoryId: category.id, locale: 'en', title, body: 'text', tags: ['Q'] },
        })
        .then((r) => json<ForumTopic>(r))
    const first = await open('first')
    const second = await open('second')
    expect(first.tags).toEqual(['q'])
    const reply = await json<ForumReply>(
      await server.request('POST', `/api/forum/topics/${first.id}/replies`, {
        token: members[1],
        body: { body: 'Is this on?' },
      }),
    )
    expect(reply.status).toBe('pending')
    const queue = await json<{ items: ForumReply[] }>(
      await server.request('GET', '/api/forum/replies?status=pending', { token: admin }),
    )
    expect(queue.items.map((r) => r.id)).toContain(reply.id)
    const approved = await server.request('POST', `/api/forum/replies/${reply.id}/approve`, {
      token: admin,
    })
    expect(approved.status).toBe(200)
    const twice = await server.request('POST', `/api/forum/replies/${reply.id}/approve`, {
      token: admin,
    })
    expect(twice.status).toBe(409)
    expect(
      (await server.request('POST', `/api/forum/topics/${first.id}/pin`, { token: admin })).status,
    ).toBe(200)
    const topics = await json<{ items: ForumTopic[] }>(
      await server.request('GET', `/api/public/forum/categories/${category.id}/topics`, {}),
    )
    expect(topics.items.map((t) => [t.title, t.pinned, t.replyCount])).toEqual([
      ['first', true, 1],
      ['second', false, 0],
    ])
    expect(second.status).toBe('open')
  }, 60_000)

  it('bad input is 400 with field paths; unknown ids are 404', async () => {
    const bad = await server.request('POST', '/api/forum/topics', {
      token: members[0],
      body: { categoryId: 'nope', locale: 'en', title: '', body: 'x' },
    })
    expect(bad.status).toBe(400)
    const missing = await server.request(
      'GET',
      '/api/public/forum/topics/0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e',
      {},
    )
    expect(missing.status).toBe(404)
  })
})
