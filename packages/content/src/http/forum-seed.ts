import type { ForumActor, ForumService } from '../forum/index'

/** Members of the demo forum (their ids; the demo has no accounts for them). */
const MEMBERS: readonly ForumActor[] = [
  { userId: '0193a1b2-0000-7000-8000-0000000000f1' },
  { userId: '0193a1b2-0000-7000-8000-0000000000f2' },
  { userId: '0193a1b2-0000-7000-8000-0000000000f3' },
]
const [ANNA, BORIS, CHLOE] = MEMBERS as [ForumActor, ForumActor, ForumActor]

/**
 * The demo forum: a help category (open) and an announcements category (moderated), a pinned
 * welcome topic, a question with a short thread, and one reply waiting for a moderator.
 */
export async function seedDemoForum(forum: ForumService, tenantId: string): Promise<void> {
  const help = await forum.createCategory(
    tenantId,
    {
      position: 1,
      translations: [
        { locale: 'en', name: 'Help & questions', description: 'Ask the community.' },
        { locale: 'ru', name: 'Помощь и вопросы', description: 'Спросите сообщество.' },
      ],
    },
    ANNA,
  )
  const news = await forum.createCategory(
    tenantId,
    {
      position: 0,
      moderated: true,
      translations: [
        { locale: 'en', name: 'Announcements', description: 'News from the shop.' },
        { locale: 'ru', name: 'Объявления', description: 'Новости магазина.' },
      ],
    },
    ANNA,
  )
  const welcome = await forum.openTopic(
    tenantId,
    {
      categoryId: news.id,
      locale: 'en',
      title: 'Welcome to the forum',
      body: 'Say hello, ask questions and share what you made with our wool.',
      tags: ['welcome'],
    },
    ANNA,
  )
  await forum.flagTopic({ tenantId, id: welcome.id }, 'pin', ANNA)
  await forum.reply({ tenantId, id: welcome.id }, { body: 'Hello from Lisbon!' }, CHLOE)
  const question = await forum.openTopic(
    tenantId,
    {
      categoryId: help.id,
      locale: 'en',
      title: 'How do I wash merino?',
      body: 'My new sweater says hand wash only. Any tips?',
      tags: ['care', 'merino'],
    },
    BORIS,
  )
  const ref = { tenantId, id: question.id }
  const first = await forum.reply(
    ref,
    { body: 'Cold water, a little wool wash, lay flat to dry.' },
    CHLOE,
  )
  await forum.reply(ref, { body: 'Thanks, that worked!', parentId: first.id }, BORIS)
  await forum.reply(ref, { body: 'Never tumble dry it.' }, ANNA)
}
