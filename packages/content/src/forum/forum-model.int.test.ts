import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  nextReplyStatus,
  nextTopicStatus,
  type ReplyStatus,
  type ReplyTransition,
  type TopicStatus,
  type TopicTransition,
} from './forum-status'
import type { TopicFlag } from './forum-topics'
import {
  ADMIN,
  codes,
  forumTestDb,
  member,
  type ForumTestDb,
} from './testing/forum-test-db.test-helper'

type Command =
  | { kind: 'open'; category: number }
  | { kind: 'reply'; topic: number }
  | { kind: 'moderate'; reply: number; transition: ReplyTransition }
  | { kind: 'move'; topic: number; category: number }
  | { kind: 'flag'; topic: number; flag: TopicFlag }
  | { kind: 'status'; topic: number; transition: TopicTransition }

const index = fc.nat({ max: 2 })
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), category: fc.nat({ max: 1 }) }),
  fc.record({ kind: fc.constant('open' as const), category: fc.nat({ max: 1 }) }),
  fc.record({ kind: fc.constant('reply' as const), topic: index }),
  fc.record({ kind: fc.constant('reply' as const), topic: index }),
  fc.record({ kind: fc.constant('reply' as const), topic: index }),
  fc.record({
    kind: fc.constant('moderate' as const),
    reply: fc.nat({ max: 5 }),
    transition: fc.constantFrom<ReplyTransition>('approve', 'reject', 'hide'),
  }),
  fc.record({ kind: fc.constant('move' as const), topic: index, category: fc.nat({ max: 1 }) }),
  fc.record({
    kind: fc.constant('flag' as const),
    topic: index,
    flag: fc.constantFrom<TopicFlag>('lock', 'unlock', 'pin'),
  }),
  fc.record({
    kind: fc.constant('status' as const),
    topic: index,
    transition: fc.constantFrom<TopicTransition>('close', 'reopen', 'archive', 'unarchive'),
  }),
)

interface ModelTopic {
  id: string
  category: number
  status: TopicStatus
  locked: boolean
  pinned: boolean
}

let t: ForumTestDb
beforeAll(async () => {
  t = await forumTestDb()
}, 60_000)
afterAll(() => t.testDb.destroy())

// The forum's counters under random command sequences, against a model that knows only the
// rules (reply refusals, moderation machine, moves). After every sequence, the stored counters
// equal the model's and a recount from the rows (last poster included).
it('forum counters hold under random command sequences', async () => {
  let tick = Date.UTC(2026, 0, 1)
  const forum = t.service({ now: () => new Date((tick += 1000)) })
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
      const tenantId = crypto.randomUUID()
      const categories = [
        await t.category({ tenantId }),
        await t.category({ tenantId, moderated: true }),
      ].map((c) => c.id)
      const topics: ModelTopic[] = []
      const replies: { id: string; topic: ModelTopic; status: ReplyStatus }[] = []
      for (const c of commands) {
        if (c.kind === 'open') {
          const topic = await forum.openTopic(
            tenantId,
            { categoryId: categories[c.category]!, locale: 'en', title: 'T', body: 'B' },
            member(),
          )
          topics.push({
            id: topic.id,
            category: c.category,
            status: 'open',
            locked: false,
            pinned: false,
          })
          continue
        }
        if (c.kind === 'moderate') {
          const reply = replies[c.reply]
          if (!reply) continue
          const to = nextReplyStatus(c.transition, reply.status)
          const [code] = await codes([
            forum.moderateReply({ tenantId, id: reply.id }, c.transition, ADMIN),
          ])
          expect(code).toBe(to ? 'OK' : 'INVALID_TRANSITION')
          if (to) reply.status = to
          continue
        }
        const topic = topics[c.topic]
        if (!topic) continue
        const ref = { tenantId, id: topic.id }
        if (c.kind === 'reply') {
          const expected = topic.locked
            ? 'TOPIC_LOCKED'
            : topic.status === 'open'
              ? 'OK'
              : topic.status === 'closed'
                ? 'TOPIC_CLOSED'
                : 'TOPIC_ARCHIVED'
          let id = ''
          const [code] = await codes([
            forum.reply(ref, { body: 'r' }, member()).then((r) => (id = r.id)),
          ])
          expect(code).toBe(expected)
          if (code === 'OK')
            replies.push({ id, topic, status: topic.category === 1 ? 'pending' : 'approved' })
        } else if (c.kind === 'move') {
          const [code] = await codes([forum.moveTopic(ref, categories[c.category]!, ADMIN)])
          expect(code).toBe(c.category === topic.category ? 'INVALID_INPUT' : 'OK')
          topic.category = c.category
        } else if (c.kind === 'flag') {
          const column = c.flag === 'pin' ? 'pinned' : 'locked'
          const value = c.flag !== 'unlock'
          const [code] = await codes([forum.flagTopic(ref, c.flag, ADMIN)])
          expect(code).toBe(topic[column] === value ? 'INVALID_TRANSITION' : 'OK')
          topic[column] = value
        } else {
          const to = nextTopicStatus(c.transition, topic.status)
          const [code] = await codes([forum.transitionTopic(ref, c.transition, ADMIN)])
          expect(code).toBe(to ? 'OK' : 'INVALID_TRANSITION')
          if (to) topic.status = to
        }
      }
      for (const [number, categoryId] of categories.entries()) {
        const stored = await t.stored(tenantId, categoryId)
        const mine = topics.filter((topic) => topic.category === number)
        const counted = (topic: ModelTopic, status: ReplyStatus) =>
          replies.filter((r) => r.topic === topic && r.status === status).length
        expect(stored.topics).toBe(mine.length)
        expect(stored.replies).toBe(
          mine.reduce((sum, topic) => sum + counted(topic, 'approved'), 0),
        )
        for (const topic of mine)
          expect(stored.perTopic[topic.id]).toMatchObject({
            approved: counted(topic, 'approved'),
            pending: counted(topic, 'pending'),
          })
        expect(stored).toEqual(await t.recount(tenantId, categoryId))
      }
      const events = await t.events(tenantId)
      expect(events.filter((e) => e.type === 'forum_reply.created')).toHaveLength(replies.length)
      expect(events.filter((e) => e.type === 'forum_topic.opened')).toHaveLength(topics.length)
    }),
    { numRuns: 15 },
  )
}, 60_000)
