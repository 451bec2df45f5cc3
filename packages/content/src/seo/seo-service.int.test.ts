import { randomUUID } from 'node:crypto'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { createSeoService, type SeoService } from './seo-service'

const editor: ContentActor = { userId: randomUUID(), scope: 'all' }

async function failure(promise: Promise<unknown>): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isContentError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a ContentError')
}

describe('SEO meta', () => {
  let t: ContentTestDb
  let seo: SeoService
  beforeAll(async () => {
    t = await contentTestDb()
    seo = createSeoService({
      db: t.db,
      events: t.outbox,
      now: () => new Date('2030-01-01T00:00:00.000Z'),
    })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const post = (tenantId: string, title = 'Post') =>
    t
      .nodes()
      .create(
        tenantId,
        { kind: 'post', status: 'published', translations: [{ locale: 'en', title }] },
        editor,
      )

  it('sets a locale’s meta, normalised, as a change of the node (node.updated, updatedAt)', async () => {
    const tenantId = randomUUID()
    const node = await post(tenantId)
    const saved = await seo.set(
      { node: { tenantId, id: node.id }, locale: 'en' },
      {
        title: '  Hello  ',
        description: 'About hello',
        keywords: 'hello, world',
        canonicalUrl: 'https://example.com/hello',
        robots: 'NOINDEX, NoFollow',
        openGraph: { title: 'Hi', image: 'https://cdn.example.com/a.png', type: 'article' },
        structuredData: { '@context': 'https://schema.org', '@type': 'Article', headline: 'Hi' },
      },
      editor,
    )
    expect(saved).toEqual({
      locale: 'en',
      title: 'Hello',
      description: 'About hello',
      keywords: 'hello, world',
      canonicalUrl: 'https://example.com/hello',
      robots: 'noindex,nofollow',
      openGraph: {
        title: 'Hi',
        description: null,
        image: 'https://cdn.example.com/a.png',
        type: 'article',
      },
      structuredData: { '@context': 'https://schema.org', '@type': 'Article', headline: 'Hi' },
      updatedAt: '2030-01-01T00:00:00.000Z',
    })
    const read = await t.nodes().get({ tenantId, id: node.id })
    expect(read.seo).toEqual([saved])
    expect(read.updatedAt).toBe('2030-01-01T00:00:00.000Z')
    expect((await t.events(tenantId)).at(-1)).toEqual({
      type: 'node.updated',
      payload: { nodeId: node.id, kind: 'post' },
    })
  })

  it('replaces the whole locale: absent fields are cleared; another locale stays', async () => {
    const tenantId = randomUUID()
    const node = await post(tenantId)
    const target = (locale: string) => ({ node: { tenantId, id: node.id }, locale })
    await seo.set(target('en'), { title: 'One', robots: 'noindex' }, editor)
    await seo.set(target('de'), { title: 'Eins' }, editor)
    await seo.set(target('en'), { description: 'Only this' }, editor)
    const read = await t.nodes().get({ tenantId, id: node.id })
    expect(read.seo.map((m) => [m.locale, m.title, m.description, m.robots])).toEqual([
      ['de', 'Eins', null, null],
      ['en', null, 'Only this', null],
    ])
  })

  it('reads the best locale through the fallback chain, published reads included', async () => {
    const tenantId = randomUUID()
    const node = await post(tenantId)
    await seo.set({ node: { tenantId, id: node.id }, locale: 'ru' }, { title: 'Привет' }, editor)
    const nodes = t.nodes({
      locales: (_tenant, requested) =>
        Promise.resolve(requested === 'uk' ? ['uk', 'ru'] : [requested]),
    })
    const read = await nodes.read({ tenantId, id: node.id }, { locale: 'uk', publishedOnly: true })
    expect(read.seo).toMatchObject({
      locale: 'ru',
      requested: 'uk',
      fallback: true,
      value: { title: 'Привет', robots: null },
    })
    const bySlug = await nodes.findBySlug(
      { tenantId, publishedOnly: true },
      { kind: 'post', locale: 'en', slug: 'post' },
    )
    // No meta in en: the lowest locale there is, as for texts.
    expect(bySlug.node.seo?.locale).toBe('ru')
    const bare = await post(tenantId, 'Bare')
    expect((await nodes.read({ tenantId, id: bare.id }, { locale: 'en' })).seo).toBeNull()
  })

  it('costs one query per single read and none in lists', async () => {
    const tenantId = randomUUID()
    const node = await post(tenantId)
    await seo.set({ node: { tenantId, id: node.id }, locale: 'en' }, { title: 'T' }, editor)
    const tables: string[] = []
    const spy: KyselyPlugin = {
      transformQuery: (args) => {
        const from = (
          args.node as { from?: { froms?: { table?: { identifier?: { name: string } } }[] } }
        ).from
        tables.push(from?.froms?.[0]?.table?.identifier?.name ?? '?')
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const nodes = t.nodes({ db: t.db.withPlugin(spy) })
    await nodes.get({ tenantId, id: node.id })
    expect(tables.filter((name) => name === 'content_seo')).toHaveLength(1)
    tables.length = 0
    const page = await nodes.list({ tenantId }, {})
    expect(page.items).toHaveLength(1)
    expect(tables).not.toContain('content_seo')
    expect('seo' in (page.items[0] ?? {})).toBe(false)
  })

  it('refuses bad meta with field paths', async () => {
    const tenantId = randomUUID()
    const node = await post(tenantId)
    const target = { node: { tenantId, id: node.id }, locale: 'en' }
    const paths = async (input: Record<string, unknown>) => {
      const refused = await failure(seo.set(target, input, editor))
      expect(refused.code).toBe('INVALID_INPUT')
      return (refused.errors as { path: string }[]).map((e) => e.path)
    }
    expect(await paths({ canonicalUrl: 'javascript:alert(1)' })).toEqual(['canonicalUrl'])
    expect(await paths({ canonicalUrl: '/relative' })).toEqual(['canonicalUrl'])
    expect(await paths({ robots: 'noindex,sometimes' })).toEqual(['robots'])
    expect(await paths({ robots: 'index,noindex' })).toEqual(['robots'])
    expect(await paths({ robots: 'max-image-preview:huge' })).toEqual(['robots'])
    expect(await paths({ openGraph: { image: 'ftp://x/y.png' } })).toEqual(['openGraph.image'])
    expect(await paths({ openGraph: { type: 'Not A Type' } })).toEqual(['openGraph.type'])
    expect(await paths({ openGraph: { url: 'https://x' } })).toEqual(['openGraph.url'])
    expect(await paths({ title: 'x'.repeat(256) })).toEqual(['title'])
    expect(await paths({ structuredData: 'a string' })).toEqual(['structuredData'])
    expect(await paths({ structuredData: { bad: 'a\u0000b' } })).toEqual(['structuredData'])
    expect(await paths({ structuredData: { when: new Date() } })).toEqual(['structuredData'])
    expect(await paths({ structuredData: { n: Number.NaN } })).toEqual(['structuredData'])
    expect(await paths({ structuredData: { text: 'x'.repeat(32_760) } })).toEqual([
      'structuredData',
    ])
    const list = [{ '@type': 'BreadcrumbList' }, { '@type': 'Organization' }]
    const ok = await seo.set(
      target,
      { robots: 'max-snippet:50, noarchive', structuredData: list },
      editor,
    )
    expect(ok).toMatchObject({ robots: 'max-snippet:50,noarchive', structuredData: list })
    expect((await failure(seo.set({ ...target, locale: 'not a locale' }, {}, editor))).code).toBe(
      'INVALID_INPUT',
    )
  })

  it('deletes a locale’s meta; a missing one, a foreign or deleted node is NOT_FOUND', async () => {
    const tenantId = randomUUID()
    const node = await post(tenantId)
    const target = { node: { tenantId, id: node.id }, locale: 'en' }
    await seo.set(target, { title: 'Gone soon' }, editor)
    await seo.delete(target, editor)
    expect((await t.nodes().get({ tenantId, id: node.id })).seo).toEqual([])
    expect((await t.events(tenantId)).at(-1)?.type).toBe('node.updated')
    expect((await failure(seo.delete(target, editor))).code).toBe('NOT_FOUND')
    const foreign = { node: { tenantId: randomUUID(), id: node.id }, locale: 'en' }
    expect((await failure(seo.set(foreign, { title: 'x' }, editor))).code).toBe('NOT_FOUND')
    expect((await failure(seo.delete(foreign, editor))).code).toBe('NOT_FOUND')
    const stranger: ContentActor = { userId: randomUUID(), scope: 'own' }
    expect((await failure(seo.set(target, { title: 'x' }, stranger))).code).toBe('FORBIDDEN')
    await t.nodes().delete({ tenantId, id: node.id }, editor)
    expect((await failure(seo.set(target, { title: 'x' }, editor))).code).toBe('NOT_FOUND')
  })
})
