// The blog on PGlite in memory: a post with a comment that waits for a moderator, approved, the
// post's count, and the RSS feed. Run it: npx tsx examples/blog.ts
import { contentEvents, contentMigrations } from '@rustok/content'
import {
  blogEvents,
  createCommentService,
  createPostService,
  renderRss,
} from '@rustok/content/blog'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [outboxMigrations, contentMigrations] }).up()
const events = createOutbox({ catalog: createEventCatalog(contentEvents, blogEvents) })
const posts = createPostService({ db, events })
// The tenant's setting: do new comments wait for a moderator? (They do by default.)
const comments = createCommentService({ db, events, requiresApproval: async () => true })

const tenantId = crypto.randomUUID()
const editor = { userId: crypto.randomUUID(), scope: 'all' } as const
const post = await posts.create(
  tenantId,
  {
    status: 'published',
    translations: [{ locale: 'en', title: 'Hello, blog', excerpt: 'The first post.' }],
    bodies: [{ locale: 'en', body: 'Words '.repeat(450) }],
  },
  editor,
)

const reader = { userId: crypto.randomUUID() }
const comment = await comments.create({ tenantId, id: post.id }, { body: 'Nice!' }, reader)
console.log(comment.status, await comments.counts({ tenantId, id: post.id }))
// pending { approved: 0, pending: 1 }

await comments.moderate({ tenantId, id: comment.id }, 'approve', editor)
const { post: read } = await posts.findBySlug({ tenantId }, { locale: 'en', slug: 'hello-blog' })
console.log(read.commentCount, read.readingMinutes)
// 1 3

const page = await posts.list(tenantId, { locale: 'en' })
const rss = renderRss({
  title: 'My blog',
  link: 'https://blog.example.com',
  selfUrl: 'https://blog.example.com/feed.xml',
  language: 'en',
  description: 'News',
  updatedAt: new Date(),
  items: page.items.map((item) => ({
    id: item.id,
    title: item.translation?.value.title ?? '',
    link: `https://blog.example.com/${item.translation?.value.slug ?? ''}`,
    summary: item.translation?.value.excerpt ?? null,
    publishedAt: new Date(item.publishedAt ?? item.createdAt),
    updatedAt: new Date(item.updatedAt),
  })),
})
console.log(rss.split('\n')[1])
// <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
await db.destroy()
