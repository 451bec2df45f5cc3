// Pages on PGlite in memory: a landing page with three blocks in two languages, reordered,
// previewed as a draft, published, read in Russian; and the header menu. Run it: npx tsx examples/pages.ts
import { contentEvents, contentMigrations, createNodeService } from '@rustok/content'
import { createMenuService, createPageService, pagesEvents } from '@rustok/content/pages'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [outboxMigrations, contentMigrations] }).up()
const events = createOutbox({ catalog: createEventCatalog(contentEvents, pagesEvents) })
// The tenant's fallback chain: a Russian reader gets English where Russian is missing.
const locales = async (_tenantId: string, requested: string) => [requested, 'en']
const nodes = createNodeService({ db, events, locales })
const pages = createPageService({ db, events, locales, nodes })
const menus = createMenuService({ db, events, locales })

const tenantId = crypto.randomUUID()
const editor = { userId: crypto.randomUUID(), scope: 'all' } as const
const page = await pages.create(
  tenantId,
  {
    template: 'landing',
    translations: [
      { locale: 'en', title: 'Spring sale', slug: 'spring' },
      { locale: 'ru', title: 'Весенняя распродажа', slug: 'vesna' },
    ],
  },
  editor,
)
const ref = { tenantId, pageId: page.id }
await pages.addBlock(
  ref,
  { type: 'hero', texts: { en: { title: 'Spring!' }, ru: { title: 'Весна!' } } },
  editor,
)
await pages.addBlock(ref, { type: 'text', texts: { en: { body: 'Up to **50%** off.' } } }, editor)
const built = await pages.addBlock(ref, { type: 'spacer', data: { size: 'l' } }, editor)
await pages.reorder(ref, { blockIds: built.blocks.map((block) => block.id).reverse() }, editor)

// A draft: not public yet, but a preview token opens it.
const { token } = await pages.previewToken(ref, { ttlSeconds: 300 })
console.log((await pages.preview(tenantId, { token, locale: 'en' })).status)
// draft

await nodes.publish({ tenantId, id: page.id }, editor)
const { page: read } = await pages.findBySlug(tenantId, { locale: 'ru', slug: 'vesna' })
console.log(read.blocks.map((block) => `${block.type}:${block.locale ?? '-'}`).join(' '))
// spacer:- text:en hero:ru

await menus.set(
  { tenantId, location: 'header' },
  { name: 'Main', items: [{ labels: { en: 'Sale', ru: 'Распродажа' }, nodeId: page.id }] },
  editor,
)
const [item] = await menus.resolve({ tenantId, location: 'header' }, 'ru')
console.log(item?.label, item?.node?.slug)
// Распродажа vesna
await db.destroy()
