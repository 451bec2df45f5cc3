import { randomUUID } from 'node:crypto'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import { MAX_REPLY_DEPTH } from './forum-migration'
import { ADMIN, member, forumTestDb, type ForumTestDb } from './testing/forum-test-db.test-helper'

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
    return 'OK'
  } catch (error) {
    if (isContentError(error)) return error.code
    throw error
  }
}

const topicInput = (categoryId: string, title = 'A topic') => ({
  categoryId,
  locale: 'en',
  title,
  body: 'What do you think?',
  tags: ['Help', 'help', ' setup '],
})

describe('forum service', () => {
  let t: ForumTestDb
  beforeAll(async () => {
    t = await forumTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  describe('categories', () => {
    it('are translated, read through the fallback chain and ordered by position', async () => {
      const tenantId = randomUUID()
      const forum = t.service({
        locales: (_tenant, requested) =>
          Promise.resolve(requested === 'de' ? ['de', 'en'] : [requested]),
      })
      const second = await forum.createCategory(
        tenantId,
        {
          position: 2,
          translations: [
            { locale: 'en', name: 'Off topic' },
            { locale: 'ru', name: 'Разное', description: 'Обо всём' },
          ],
        },
        ADMIN,
      )
      await forum.createCategory(
        tenantId,
        { position: 1, moderated: true, translations: [{ locale: 'en', name: 'Help' }] },
        ADMIN,
      )
      expect(second.text).toEqual({
        locale: 'en',
        name: 'Off topic',
        slug: 'off-topic',
        description: null,
      })
      const inRussian = await forum.getCategory({ tenantId, id: second.id }, 'ru')
      expect(inRussian.text).toMatchObject({ locale: 'ru', slug: 'raznoe', name: 'Разное' })
      const inGerman = await forum.listCategories(tenantId, 'de')
      expect(inGerman.map((c) => [c.text?.name, c.text?.locale, c.moderated])).toEqual([
        ['Help', 'en', true],
        ['Off topic', 'en', false],
      ])
      expect(await forum.listCategories(randomUUID(), 'en')).toEqual([])
    })

    it('refuses a slug taken in the same locale (CONFLICT with the field) and unknown ids', async () => {
      const tenantId = randomUUID()
      await t.forum.createCategory(
        tenantId,
        { translations: [{ locale: 'en', name: 'News' }] },
        ADMIN,
      )
      const error = await t.forum
        .createCategory(tenantId, { translations: [{ locale: 'en', name: 'News' }] }, ADMIN)
        .catch((e: unknown) => e)
      expect(error).toMatchObject({
        code: 'CONFLICT',
        errors: [{ path: 'translations.0.slug', message: 'is taken in this locale' }],
      })
      expect(await codeOf(t.forum.getCategory({ tenantId, id: randomUUID() }, 'en'))).toBe(
        'NOT_FOUND',
      )
      expect(await codeOf(t.forum.createCategory(tenantId, { translations: [] }, ADMIN))).toBe(
        'INVALID_INPUT',
      )
    })

    it('update changes position, flag and one locale, keeping the others', async () => {
      const { tenantId, id } = await t.category()
      await t.forum.updateCategory(
        { tenantId, id },
        { translations: [{ locale: 'ru', name: 'Помощь' }], moderated: true, position: 5 },
        { actor: ADMIN, locale: 'ru' },
      )
      const en = await t.forum.getCategory({ tenantId, id }, 'en')
      const ru = await t.forum.getCategory({ tenantId, id }, 'ru')
      expect([en.text?.locale, ru.text?.name, ru.moderated, ru.position]).toEqual([
        'en',
        'Помощь',
        true,
        5,
      ])
      expect(
        await codeOf(
          t.forum.updateCategory(
            { tenantId: randomUUID(), id },
            { position: 1 },
            { actor: ADMIN, locale: 'en' },
          ),
        ),
      ).toBe('NOT_FOUND')
      expect((await t.events(tenantId)).map((e) => e.type)).toEqual([
        'forum_category.created',
        'forum_category.updated',
      ])
    })
  })

  describe('topics', () => {
    it('open in a category of the tenant only; counted with the opener as last poster', async () => {
      const category = await t.category()
      const author = member()
      const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), author)
      expect(topic).toMatchObject({
        status: 'open',
        pinned: false,
        locked: false,
        tags: ['help', 'setup'],
        replyCount: 0,
        lastPosterId: author.userId,
      })
      const read = await t.forum.getCategory(category, 'en')
      expect([read.topicCount, read.lastPosterId, read.lastActivityAt]).toEqual([
        1,
        author.userId,
        topic.createdAt,
      ])
      const foreign = await t.category()
      expect(
        await codeOf(t.forum.openTopic(category.tenantId, topicInput(foreign.id), author)),
      ).toBe('NOT_FOUND')
      expect(await codeOf(t.forum.getTopic({ tenantId: foreign.tenantId, id: topic.id }))).toBe(
        'NOT_FOUND',
      )
      expect(
        await codeOf(
          t.forum.openTopic(category.tenantId, { ...topicInput(category.id), title: ' ' }, author),
        ),
      ).toBe('INVALID_INPUT')
    })

    it('pin, lock and their undo are conditional: twice is INVALID_TRANSITION', async () => {
      const category = await t.category()
      const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
      const ref = { tenantId: category.tenantId, id: topic.id }
      expect((await t.forum.flagTopic(ref, 'pin', ADMIN)).pinned).toBe(true)
      expect(await codeOf(t.forum.flagTopic(ref, 'pin', ADMIN))).toBe('INVALID_TRANSITION')
      expect((await t.forum.flagTopic(ref, 'lock', ADMIN)).locked).toBe(true)
      expect((await t.forum.flagTopic(ref, 'unlock', ADMIN)).locked).toBe(false)
      expect(await codeOf(t.forum.flagTopic(ref, 'unpin', ADMIN))).toBe('OK')
      expect(
        await codeOf(t.forum.flagTopic({ tenantId: randomUUID(), id: topic.id }, 'pin', ADMIN)),
      ).toBe('NOT_FOUND')
      const changes = (await t.events(category.tenantId))
        .filter((e) => e.type === 'forum_topic.changed')
        .map((e) => e.payload['change'])
      expect(changes).toEqual(['pinned', 'locked', 'unlocked', 'unpinned'])
    })

    it('status moves by its machine: open → closed → open → archived → closed', async () => {
      const category = await t.category()
      const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
      const ref = { tenantId: category.tenantId, id: topic.id }
      expect(await codeOf(t.forum.transitionTopic(ref, 'reopen', ADMIN))).toBe('INVALID_TRANSITION')
      expect(await codeOf(t.forum.transitionTopic(ref, 'unarchive', ADMIN))).toBe(
        'INVALID_TRANSITION',
      )
      expect((await t.forum.transitionTopic(ref, 'close', ADMIN)).status).toBe('closed')
      expect((await t.forum.transitionTopic(ref, 'reopen', ADMIN)).status).toBe('open')
      expect((await t.forum.transitionTopic(ref, 'archive', ADMIN)).status).toBe('archived')
      expect(await codeOf(t.forum.transitionTopic(ref, 'close', ADMIN))).toBe('INVALID_TRANSITION')
      expect((await t.forum.transitionTopic(ref, 'unarchive', ADMIN)).status).toBe('closed')
    })

    it('a move carries topic and reply counts and last activity to the new category', async () => {
      const from = await t.category()
      const to = await t.category({ tenantId: from.tenantId })
      const topic = await t.forum.openTopic(from.tenantId, topicInput(from.id), member())
      const ref = { tenantId: from.tenantId, id: topic.id }
      const poster = member()
      await t.forum.reply(ref, { body: 'one' }, member())
      await t.forum.reply(ref, { body: 'two' }, poster)
      await t.forum.moveTopic(ref, to.id, ADMIN)
      const [a, b] = await Promise.all([
        t.forum.getCategory(from, 'en'),
        t.forum.getCategory(to, 'en'),
      ])
      expect([a.topicCount, a.replyCount, a.lastPosterId, a.lastActivityAt]).toEqual([
        0,
        0,
        null,
        null,
      ])
      expect([b.topicCount, b.replyCount, b.lastPosterId]).toEqual([1, 2, poster.userId])
      expect(await codeOf(t.forum.moveTopic(ref, to.id, ADMIN))).toBe('INVALID_INPUT')
      const foreign = await t.category()
      expect(await codeOf(t.forum.moveTopic(ref, foreign.id, ADMIN))).toBe('NOT_FOUND')
      expect(await t.stored(to.tenantId, to.id)).toEqual(await t.recount(to.tenantId, to.id))
    })
  })

  describe('replies', () => {
    it('approved at once in an open category, pending first in a moderated one', async () => {
      const open = await t.category()
      const moderated = await t.category({ tenantId: open.tenantId, moderated: true })
      const a = await t.forum.openTopic(open.tenantId, topicInput(open.id, 'a'), member())
      const b = await t.forum.openTopic(open.tenantId, topicInput(moderated.id, 'b'), member())
      const first = await t.forum.reply(
        { tenantId: open.tenantId, id: a.id },
        { body: 'hi' },
        member(),
      )
      const second = await t.forum.reply(
        { tenantId: open.tenantId, id: b.id },
        { body: 'hi' },
        member(),
      )
      expect([first.status, second.status]).toEqual(['approved', 'pending'])
      const topicB = await t.forum.getTopic({ tenantId: open.tenantId, id: b.id })
      expect([topicB.replyCount, topicB.pendingCount, topicB.lastPosterId]).toEqual([
        0,
        1,
        b.authorId,
      ])
      expect((await t.forum.replyQueue(open.tenantId)).items.map((r) => r.id)).toEqual([second.id])
      const approved = await t.forum.moderateReply(
        { tenantId: open.tenantId, id: second.id },
        'approve',
        ADMIN,
      )
      expect(approved).toMatchObject({ status: 'approved', moderatedBy: ADMIN.userId })
      const after = await t.forum.getTopic({ tenantId: open.tenantId, id: b.id })
      expect([after.replyCount, after.pendingCount, after.lastPosterId]).toEqual([
        1,
        0,
        second.authorId,
      ])
      expect((await t.forum.getCategory(moderated, 'en')).replyCount).toBe(1)
    })

    it('a locked, closed or archived topic refuses replies with its own code', async () => {
      const category = await t.category()
      const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
      const ref = { tenantId: category.tenantId, id: topic.id }
      const reply = () => codeOf(t.forum.reply(ref, { body: 'late' }, member()))
      await t.forum.flagTopic(ref, 'lock', ADMIN)
      expect(await reply()).toBe('TOPIC_LOCKED')
      await t.forum.flagTopic(ref, 'unlock', ADMIN)
      await t.forum.transitionTopic(ref, 'close', ADMIN)
      expect(await reply()).toBe('TOPIC_CLOSED')
      await t.forum.transitionTopic(ref, 'archive', ADMIN)
      expect(await reply()).toBe('TOPIC_ARCHIVED')
      await t.forum.transitionTopic(ref, 'unarchive', ADMIN)
      await t.forum.transitionTopic(ref, 'reopen', ADMIN)
      expect(await reply()).toBe('OK')
      expect(
        await codeOf(
          t.forum.reply({ tenantId: randomUUID(), id: topic.id }, { body: 'x' }, member()),
        ),
      ).toBe('NOT_FOUND')
    })

    it(`thread to ${MAX_REPLY_DEPTH} deep under approved replies of the same topic only`, async () => {
      const category = await t.category()
      const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
      const other = await t.forum.openTopic(
        category.tenantId,
        topicInput(category.id, 'o'),
        member(),
      )
      const ref = { tenantId: category.tenantId, id: topic.id }
      let parentId: string | null = null
      for (let depth = 0; depth <= MAX_REPLY_DEPTH; depth++) {
        const reply = await t.forum.reply(ref, { body: `d${depth}`, parentId }, member())
        expect(reply.depth).toBe(depth)
        parentId = reply.id
      }
      const tooDeep = await t.forum
        .reply(ref, { body: 'x', parentId }, member())
        .catch((e: unknown) => e)
      expect(tooDeep).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'parentId' }] })
      expect(
        await codeOf(
          t.forum.reply(
            { tenantId: category.tenantId, id: other.id },
            { body: 'x', parentId },
            member(),
          ),
        ),
      ).toBe('INVALID_INPUT')
      const root = (await t.forum.listReplies(ref)).items[0]!
      await t.forum.moderateReply({ tenantId: category.tenantId, id: root.id }, 'hide', ADMIN)
      expect(await codeOf(t.forum.reply(ref, { body: 'x', parentId: root.id }, member()))).toBe(
        'INVALID_INPUT',
      )
    })

    it('moderation follows the machine and keeps counts and last poster', async () => {
      const category = await t.category()
      const topic = await t.forum.openTopic(category.tenantId, topicInput(category.id), member())
      const ref = { tenantId: category.tenantId, id: topic.id }
      const first = await t.forum.reply(ref, { body: 'one' }, member())
      const last = await t.forum.reply(ref, { body: 'two' }, member())
      const lastRef = { tenantId: category.tenantId, id: last.id }
      await t.forum.moderateReply(lastRef, 'hide', ADMIN)
      let read = await t.forum.getTopic(ref)
      expect([read.replyCount, read.lastPosterId]).toEqual([1, first.authorId])
      expect(await codeOf(t.forum.moderateReply(lastRef, 'hide', ADMIN))).toBe('INVALID_TRANSITION')
      expect(await codeOf(t.forum.moderateReply(lastRef, 'reject', ADMIN))).toBe(
        'INVALID_TRANSITION',
      )
      await t.forum.moderateReply(lastRef, 'approve', ADMIN)
      read = await t.forum.getTopic(ref)
      expect([read.replyCount, read.lastPosterId]).toEqual([2, last.authorId])
      await t.forum.moderateReply(lastRef, 'reject', ADMIN)
      expect((await t.forum.getCategory(category, 'en')).replyCount).toBe(1)
      expect(
        await codeOf(
          t.forum.moderateReply({ tenantId: randomUUID(), id: last.id }, 'approve', ADMIN),
        ),
      ).toBe('NOT_FOUND')
      const moderated = (await t.events(category.tenantId))
        .filter((e) => e.type === 'forum_reply.moderated')
        .map((e) => `${String(e.payload['from'])}>${String(e.payload['to'])}`)
      expect(moderated).toEqual(['approved>hidden', 'hidden>approved', 'approved>rejected'])
      expect(await t.stored(category.tenantId, category.id)).toEqual(
        await t.recount(category.tenantId, category.id),
      )
    })
  })

  describe('lists', () => {
    it('read a page in a fixed number of statements, however many rows (no query per row)', async () => {
      const category = await t.category()
      const { tenantId } = category
      await t.forum.createCategory(
        tenantId,
        {
          translations: [
            { locale: 'en', name: 'Second' },
            { locale: 'ru', name: 'Второй' },
          ],
        },
        ADMIN,
      )
      const topic = await t.forum.openTopic(tenantId, topicInput(category.id), member())
      for (let i = 0; i < 12; i++) {
        await t.forum.openTopic(tenantId, topicInput(category.id, `t${i}`), member())
        await t.forum.reply({ tenantId, id: topic.id }, { body: `r${i}` }, member())
      }
      let statements = 0
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          statements++
          return args.node
        },
        transformResult: (args) => Promise.resolve(args.result),
      }
      const counted = t.service({ db: t.db.withPlugin(counting) })
      const measure = async (work: () => Promise<unknown>) => {
        statements = 0
        await work()
        return statements
      }
      expect(await measure(() => counted.listCategories(tenantId, 'ru'))).toBe(2)
      expect(await measure(() => counted.listTopics(category, { limit: 10 }))).toBe(2)
      expect(await measure(() => counted.listReplies({ tenantId, id: topic.id }))).toBe(2)
      expect(await measure(() => counted.replyQueue(tenantId, { status: 'approved' }))).toBe(1)
    })

    it('topics: pinned first, then last activity, over keyset pages', async () => {
      const category = await t.category()
      const { tenantId } = category
      const topics = []
      for (let i = 0; i < 5; i++)
        topics.push(await t.forum.openTopic(tenantId, topicInput(category.id, `t${i}`), member()))
      await t.forum.flagTopic({ tenantId, id: topics[1]!.id }, 'pin', ADMIN)
      await t.forum.reply({ tenantId, id: topics[0]!.id }, { body: 'bump' }, member())
      const seen: string[] = []
      let after
      do {
        const page = await t.forum.listTopics(category, { limit: 2, ...(after ? { after } : {}) })
        seen.push(...page.items.map((item) => item.title))
        after = page.next ?? undefined
      } while (after)
      expect(seen).toEqual(['t1', 't0', 't4', 't3', 't2'])
      expect(await codeOf(t.forum.listTopics({ tenantId: randomUUID(), id: category.id }))).toBe(
        'NOT_FOUND',
      )
      expect(
        await codeOf(
          t.forum.listTopics(category, { after: { pinned: false, value: 'x', id: randomUUID() } }),
        ),
      ).toBe('INVALID_INPUT')
    })

    it('replies: approved only, in thread order, over keyset pages (any id source)', async () => {
      const category = await t.category()
      const { tenantId } = category
      const topic = await t.forum.openTopic(tenantId, topicInput(category.id), member())
      const ref = { tenantId, id: topic.id }
      // Random (v4) ids, as a server may use: thread order must not depend on ids sorting by time.
      let tick = Date.UTC(2026, 0, 1)
      const forum = t.service({ newId: () => randomUUID(), now: () => new Date((tick += 1000)) })
      const say = (body: string, parentId: string | null = null) =>
        forum.reply(ref, { body, parentId }, member())
      const a = await say('a')
      const b = await say('b')
      const a1 = await say('a1', a.id)
      await say('b1', b.id)
      await say('a1x', a1.id)
      const hidden = await say('c')
      await say('a2', a.id)
      await t.forum.moderateReply({ tenantId, id: hidden.id }, 'hide', ADMIN)
      const seen: string[] = []
      let after
      do {
        const page = await t.forum.listReplies(ref, { limit: 3, ...(after ? { after } : {}) })
        seen.push(...page.items.map((item) => item.body))
        after = page.next ?? undefined
      } while (after)
      expect(seen).toEqual(['a', 'a1', 'a1x', 'a2', 'b', 'b1'])
    })
  })
})
