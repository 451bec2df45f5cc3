import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexTestDb, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { createPgSearchEngine } from './pg-search-engine'

const actor = { userId: null, scope: 'all' as const }

describe('projection and PostgreSQL search', () => {
  let t: IndexTestDb
  const tenantId = randomUUID()
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('projects nodes per locale with fallback and finds them with stemming and prefixes', async () => {
    const news = await t.categories.create(
      tenantId,
      {
        translations: [
          { locale: 'en', name: 'News' },
          { locale: 'ru', name: 'Новости' },
        ],
      },
      actor,
    )
    await t.nodes.create(
      tenantId,
      {
        kind: 'article',
        status: 'published',
        categoryId: news.id,
        translations: [
          { locale: 'en', title: 'Running shoes for winter' },
          { locale: 'ru', title: 'Книги о зимнем беге' },
        ],
        bodies: [{ locale: 'en', format: 'markdown', body: 'We tested **many** running shoes.' }],
      },
      actor,
    )
    await t.nodes.create(
      tenantId,
      { kind: 'article', translations: [{ locale: 'en', title: 'Draft about running' }] },
      actor,
    )
    await t.drain()
    const search = createPgSearchEngine({ db: t.db })
    const en = await search.searchContent({ tenantId, locale: 'en', q: 'run', facets: true })
    expect(en.items.map((hit) => hit.title)).toEqual(['Running shoes for winter'])
    expect(en.items[0]!.snippet).toContain('<mark>')
    expect(en.facets?.category).toEqual([{ value: news.id, label: 'News', count: 1 }])
    const prefix = await search.searchContent({ tenantId, locale: 'en', q: 'win' })
    expect(prefix.total).toBe(1)
    const ru = await search.searchContent({ tenantId, locale: 'ru', q: 'книга' })
    expect(ru.items.map((hit) => hit.title)).toEqual(['Книги о зимнем беге'])
    const admin = await search.searchContent({
      tenantId,
      locale: 'en',
      q: 'running',
      publishedOnly: false,
    })
    expect(admin.total).toBe(2)
    const other = await search.searchContent({ tenantId: randomUUID(), locale: 'en', q: 'running' })
    expect(other.total).toBe(0)
    // The draft has no Russian translation: its Russian document falls back to English.
    const fallback = await search.searchContent({
      tenantId,
      locale: 'ru',
      q: 'draft',
      publishedOnly: false,
    })
    expect(fallback.items.map((hit) => [hit.title, hit.textLocale])).toEqual([
      ['Draft about running', 'en'],
    ])
  })
})
