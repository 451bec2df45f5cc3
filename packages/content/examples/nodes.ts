// Content nodes on PGlite in memory: a post in two languages, published, found by slug in each
// language, renamed (its old slug still finds it), listed with the fallback locale, and an
// illegal transition refused. Run it: npx tsx examples/nodes.ts
import {
  contentEvents,
  contentMigrations,
  createNodeService,
  isContentError,
} from '@rustok/content'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [outboxMigrations, contentMigrations] }).up()
const nodes = createNodeService({
  db,
  events: createOutbox({ catalog: createEventCatalog(contentEvents) }),
  // The tenant's fallback chain; @rustok/core-tenant's translationCandidates builds it.
  locales: (_tenantId, requested) => Promise.resolve([requested, 'en']),
})

const tenantId = crypto.randomUUID()
const editor = { userId: crypto.randomUUID(), scope: 'all' } as const
const post = await nodes.create(
  tenantId,
  {
    kind: 'post',
    translations: [
      { locale: 'en', title: 'Hello, world' },
      { locale: 'ru', title: 'Привет, мир' },
    ],
    bodies: [{ locale: 'en', body: 'The **first** post.' }],
  },
  editor,
)
console.log(post.translations.map((t) => `${t.locale}: ${t.slug}`).join(', '))
// en: hello-world, ru: privet-mir

await nodes.publish({ tenantId, id: post.id }, editor)
const ru = await nodes.findBySlug(
  { tenantId, publishedOnly: true, format: 'html' },
  { kind: 'post', locale: 'ru', slug: 'privet-mir' },
)
console.log(
  ru.node.translation?.value.title,
  '| body from',
  ru.node.body?.locale,
  ru.node.body?.value.html,
)
// Привет, мир | body from en <p>The <strong>first</strong> post.</p>

await nodes.patch(
  { tenantId, id: post.id },
  { translations: [{ locale: 'en', slug: 'hello' }] },
  editor,
)
const old = await nodes.findBySlug(
  { tenantId },
  { kind: 'post', locale: 'en', slug: 'hello-world' },
)
console.log('old slug redirects to', old.redirectTo) // hello

const page = await nodes.list({ tenantId, publishedOnly: true }, { kind: 'post', locale: 'de' })
console.log(
  page.items.map((item) => `${item.translation?.value.title} (${item.translation?.locale})`),
)
// [ 'Hello, world (en)' ]

try {
  await nodes.restore({ tenantId, id: post.id }, editor) // restore leaves archived only
} catch (error) {
  console.log(isContentError(error) && error.code) // INVALID_TRANSITION
}
console.log(
  (await nodes.revisions({ tenantId, id: post.id })).map((r) => `${r.number}:${r.reason}`),
)
// [ '2:update', '1:create' ]
await db.destroy()
