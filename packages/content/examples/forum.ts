// The forum on PGlite in memory: a moderated category, a topic, a reply that waits for a
// moderator, approval and the counters, then a lock that refuses further replies.
// Run it: npx tsx examples/forum.ts
import { contentEvents, contentMigrations, isContentError } from '@rustok/content'
import { createForumService, forumEvents } from '@rustok/content/forum'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [outboxMigrations, contentMigrations] }).up()
const events = createOutbox({ catalog: createEventCatalog(contentEvents, forumEvents) })
const forum = createForumService({ db, events })

const tenantId = crypto.randomUUID()
const moderator = { userId: crypto.randomUUID() }
const member = { userId: crypto.randomUUID() }
const category = await forum.createCategory(
  tenantId,
  { moderated: true, translations: [{ locale: 'en', name: 'Help & questions' }] },
  moderator,
)
const topic = await forum.openTopic(
  tenantId,
  { categoryId: category.id, locale: 'en', title: 'How do I wash merino?', body: 'Tips?' },
  member,
)
const reply = await forum.reply({ tenantId, id: topic.id }, { body: 'Cold water.' }, moderator)
console.log(reply.status, (await forum.getTopic({ tenantId, id: topic.id })).pendingCount)
// pending 1

await forum.moderateReply({ tenantId, id: reply.id }, 'approve', moderator)
const read = await forum.getCategory({ tenantId, id: category.id }, 'en')
console.log(read.text?.slug, read.topicCount, read.replyCount)
// help-and-questions 1 1

await forum.flagTopic({ tenantId, id: topic.id }, 'lock', moderator)
try {
  await forum.reply({ tenantId, id: topic.id }, { body: 'Too late' }, member)
} catch (error) {
  if (!isContentError(error)) throw error
  console.log(error.code)
  // TOPIC_LOCKED
}
await db.destroy()
