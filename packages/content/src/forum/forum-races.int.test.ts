import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN,
  codes,
  forumTestDb,
  member,
  type ForumTestDb,
} from './testing/forum-test-db.test-helper'

const topicInput = (categoryId: string, title = 'Race') => ({
  categoryId,
  locale: 'en',
  title,
  body: 'go',
})

// On PostgreSQL these run truly in parallel (a pool of connections); PGlite serialises them, so
// there they check the outcome only.
describe('forum races', () => {
  let t: ForumTestDb
  beforeAll(async () => {
    t = await forumTestDb()
    if (t.testDb.driver !== 'postgres')
      console.info('[content] forum races on PGlite run one at a time: outcome only, no race')
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('100 parallel replies to one topic: reply counts exactly 100 on topic and category', async () => {
    const category = await t.category()
    const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
    const ref = { tenantId: category.tenantId, id: topic.id }
    const results = await codes(
      Array.from({ length: 100 }, (_, i) => t.forum.reply(ref, { body: `reply ${i}` }, member())),
    )
    expect(results.filter((code) => code === 'OK')).toHaveLength(100)
    const read = await t.forum.getTopic(ref)
    expect(read.replyCount).toBe(100)
    const cat = await t.forum.getCategory(category, 'en')
    expect([cat.topicCount, cat.replyCount, cat.lastPosterId]).toEqual([1, 100, read.lastPosterId])
    expect(await t.stored(category.tenantId, category.id)).toEqual(
      await t.recount(category.tenantId, category.id),
    )
    const created = (await t.events(category.tenantId)).filter(
      (e) => e.type === 'forum_reply.created',
    )
    expect(created).toHaveLength(100)
  }, 60_000)

  it('replies racing a lock: those before it count, the rest are TOPIC_LOCKED', async () => {
    const category = await t.category()
    const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
    const ref = { tenantId: category.tenantId, id: topic.id }
    const reply = (i: number) => t.forum.reply(ref, { body: `r${i}` }, member())
    const results = await codes([
      ...Array.from({ length: 20 }, (_, i) => reply(i)),
      t.forum.flagTopic(ref, 'lock', ADMIN),
      ...Array.from({ length: 20 }, (_, i) => reply(20 + i)),
    ])
    expect(results.every((code) => code === 'OK' || code === 'TOPIC_LOCKED')).toBe(true)
    const ok = results.filter((code) => code === 'OK').length - 1
    expect((await t.forum.getTopic(ref)).replyCount).toBe(ok)
    expect(await codes([reply(99)])).toEqual(['TOPIC_LOCKED'])
  }, 60_000)

  it('two parallel approvals of one reply: one wins, one 409, one event, counted once', async () => {
    const category = await t.category({ moderated: true })
    const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
    const { id } = await t.forum.reply(
      { tenantId: category.tenantId, id: topic.id },
      { body: 'x' },
      member(),
    )
    const ref = { tenantId: category.tenantId, id }
    const results = await codes([
      t.forum.moderateReply(ref, 'approve', ADMIN),
      t.forum.moderateReply(ref, 'approve', ADMIN),
    ])
    expect(results.sort()).toEqual(['INVALID_TRANSITION', 'OK'])
    expect((await t.forum.getCategory(category, 'en')).replyCount).toBe(1)
    const decisions = (await t.events(category.tenantId)).filter(
      (e) => e.type === 'forum_reply.moderated',
    )
    expect(decisions).toHaveLength(1)
  }, 60_000)

  it('moves back and forth racing replies and new topics: both categories add up', async () => {
    const a = await t.category()
    const b = await t.category({ tenantId: a.tenantId })
    const { tenantId } = a
    const topics = await Promise.all(
      [a, b, a].map((c, i) => t.forum.openTopic(tenantId, topicInput(c.id, `t${i}`), member())),
    )
    const work: Promise<unknown>[] = []
    for (let i = 0; i < 10; i++) {
      const topic = topics[i % 3]!
      work.push(t.forum.reply({ tenantId, id: topic.id }, { body: `r${i}` }, member()))
      work.push(t.forum.moveTopic({ tenantId, id: topic.id }, i % 2 ? a.id : b.id, ADMIN))
      work.push(t.forum.openTopic(tenantId, topicInput(i % 2 ? a.id : b.id, `n${i}`), member()))
    }
    const results = await codes(work)
    expect(results.every((code) => code === 'OK' || code === 'INVALID_INPUT')).toBe(true)
    for (const category of [a, b])
      expect(await t.stored(tenantId, category.id)).toEqual(await t.recount(tenantId, category.id))
  }, 60_000)
})
