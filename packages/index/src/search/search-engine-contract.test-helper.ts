import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ContentDocument } from '../documents/content-document'
import type { ProductDocument } from '../documents/product-document'
import type { SearchEngine } from './search-port'

/** An engine under test, and how to give it documents (in its live generation). */
export interface EngineUnderTest {
  readonly engine: SearchEngine
  put(documents: {
    readonly content: readonly ContentDocument[]
    readonly products: readonly ProductDocument[]
  }): Promise<void>
}

const tenantId = randomUUID()
const otherTenant = randomUUID()
const news = randomUUID()
const sport = randomUUID()
const rust = randomUUID()
const author = randomUUID()

function article(n: number, fields: Partial<ContentDocument> & { title: string }): ContentDocument {
  return {
    tenantId,
    nodeId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    locale: 'en',
    textLocale: 'en',
    kind: 'article',
    status: 'published',
    published: true,
    authorId: null,
    categoryId: null,
    categoryIds: [],
    categoryNames: [],
    tagIds: [],
    tagNames: [],
    slug: `a-${n}`,
    excerpt: null,
    body: '',
    seo: null,
    publishedAt: null,
    createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    ...fields,
  }
}

function product(n: number, fields: Partial<ProductDocument> & { title: string }): ProductDocument {
  return {
    tenantId,
    productId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    locale: 'en',
    textLocale: 'en',
    status: 'active',
    published: true,
    subtitle: null,
    handle: `p-${n}`,
    description: null,
    material: null,
    tags: [],
    categoryIds: [],
    categoryNames: [],
    collectionIds: [],
    options: [],
    variantCount: 1,
    skus: [],
    images: [],
    prices: {},
    onSale: false,
    inStock: true,
    inventoryTotal: 0,
    publishedAt: null,
    createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    ...fields,
  }
}

const CONTENT: ContentDocument[] = [
  article(1, {
    title: 'Hello world',
    body: 'first post',
    categoryIds: [news],
    categoryNames: ['News'],
  }),
  article(2, {
    title: 'Hello again',
    tagIds: [rust],
    tagNames: ['Rust'],
    categoryIds: [news, sport],
    categoryNames: ['News', 'Sport'],
  }),
  article(3, { title: 'Goodbye', body: 'hello in the body', authorId: author, kind: 'page' }),
  article(4, { title: 'Hello draft', status: 'draft', published: false }),
  article(5, { title: 'Hello from elsewhere', tenantId: otherTenant }),
  article(6, { title: 'Привет', locale: 'ru', textLocale: 'ru' }),
  ...Array.from({ length: 7 }, (_, i) => article(10 + i, { title: `Paging item ${i}` })),
]

const PRODUCTS: ProductDocument[] = [
  product(1, {
    title: 'Linen shirt',
    tags: ['summer'],
    prices: { EUR: { min: 4000, max: 4500 } },
    onSale: true,
    categoryIds: [news],
    categoryNames: ['Shirts'],
  }),
  product(2, {
    title: 'Oxford shirt',
    tags: ['office'],
    prices: { EUR: { min: 7000, max: 7000 } },
    inStock: false,
    categoryIds: [news],
    categoryNames: ['Shirts'],
  }),
  product(3, {
    title: 'Wool socks',
    tags: ['winter', 'summer'],
    prices: { EUR: { min: 900, max: 900 } },
  }),
  product(4, {
    title: 'Draft shirt',
    status: 'draft',
    published: false,
    prices: { EUR: { min: 100, max: 100 } },
  }),
  product(5, { title: 'Foreign shirt', tenantId: otherTenant }),
]

/**
 * The search port's contract: what every engine answers the same (matching, prefixes, visibility,
 * tenants, filters, facets equal to filtered totals, cursors). Stemming and ranking are engine
 * specific and tested on each engine.
 */
export function searchEngineContract(name: string, open: () => Promise<EngineUnderTest>): void {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine
    beforeAll(async () => {
      const opened = await open()
      engine = opened.engine
      await opened.put({ content: CONTENT, products: PRODUCTS })
    }, 60_000)

    const titles = (page: { items: readonly { title: string }[] }) =>
      page.items.map((hit) => hit.title).sort()

    it('finds published documents of the tenant and locale by every word, the last as a prefix', async () => {
      expect(titles(await engine.searchContent({ tenantId, locale: 'en', q: 'hello' }))).toEqual([
        'Goodbye',
        'Hello again',
        'Hello world',
      ])
      expect(
        titles(await engine.searchContent({ tenantId, locale: 'en', q: 'hello wor' })),
      ).toEqual(['Hello world'])
      expect(titles(await engine.searchContent({ tenantId, locale: 'en', q: 'hel' }))).toHaveLength(
        3,
      )
      expect(titles(await engine.searchContent({ tenantId, locale: 'ru', q: 'прив' }))).toEqual([
        'Привет',
      ])
    })

    it('shows drafts only to the admin search, and never another tenant', async () => {
      const admin = await engine.searchContent({
        tenantId,
        locale: 'en',
        q: 'hello',
        publishedOnly: false,
      })
      expect(titles(admin)).toEqual(['Goodbye', 'Hello again', 'Hello draft', 'Hello world'])
      const foreign = await engine.searchContent({
        tenantId: otherTenant,
        locale: 'en',
        q: 'hello',
      })
      expect(titles(foreign)).toEqual(['Hello from elsewhere'])
      const products = await engine.searchProducts({ tenantId, locale: 'en', q: 'shirt' })
      expect(titles(products)).toEqual(['Linen shirt', 'Oxford shirt'])
    })

    it('filters content by kind, category, tag and author', async () => {
      const q = { tenantId, locale: 'en', q: 'hello' }
      expect(titles(await engine.searchContent({ ...q, kind: 'page' }))).toEqual(['Goodbye'])
      expect(titles(await engine.searchContent({ ...q, categoryId: sport }))).toEqual([
        'Hello again',
      ])
      expect(titles(await engine.searchContent({ ...q, tagId: rust }))).toEqual(['Hello again'])
      expect(titles(await engine.searchContent({ ...q, authorId: author }))).toEqual(['Goodbye'])
    })

    it('facet counts equal the totals of the filtered searches', async () => {
      const q = { tenantId, locale: 'en', q: 'hello', facets: true }
      const page = await engine.searchContent(q)
      expect(page.total).toBe(3)
      for (const category of page.facets!.category)
        expect((await engine.searchContent({ ...q, categoryId: category.value })).total).toBe(
          category.count,
        )
      for (const tag of page.facets!.tag)
        expect((await engine.searchContent({ ...q, tagId: tag.value })).total).toBe(tag.count)
      expect(page.facets!.category.map((f) => [f.label, f.count])).toEqual([
        ['News', 2],
        ['Sport', 1],
      ])
      const products = await engine.searchProducts({
        tenantId,
        locale: 'en',
        currency: 'EUR',
        facets: true,
      })
      expect(products.total).toBe(3)
      for (const band of products.facets!.price!) {
        const [min, max] = band.value.split('-')
        const filtered = await engine.searchProducts({
          tenantId,
          locale: 'en',
          currency: 'EUR',
          priceMin: Number(min),
          ...(max ? { priceMax: Number(max) - 1 } : {}),
        })
        expect(filtered.total).toBe(band.count)
      }
      expect(products.facets!.tag.map((f) => [f.value, f.count])).toEqual([
        ['summer', 2],
        ['office', 1],
        ['winter', 1],
      ])
    })

    it('filters products by stock, sale and price', async () => {
      const q = { tenantId, locale: 'en', currency: 'EUR' }
      expect(titles(await engine.searchProducts({ ...q, inStock: false }))).toEqual([
        'Oxford shirt',
      ])
      expect(titles(await engine.searchProducts({ ...q, onSale: true }))).toEqual(['Linen shirt'])
      expect(titles(await engine.searchProducts({ ...q, priceMin: 1000, priceMax: 5000 }))).toEqual(
        ['Linen shirt'],
      )
      expect(titles(await engine.searchProducts({ ...q, tag: 'SUMMER' }))).toEqual([
        'Linen shirt',
        'Wool socks',
      ])
    })

    it('pages with cursors in sort order, without gaps or repeats', async () => {
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await engine.searchContent({
          tenantId,
          locale: 'en',
          q: 'paging',
          sort: 'newest',
          limit: 3,
          ...(cursor ? { cursor } : {}),
        })
        seen.push(...page.items.map((hit) => hit.title))
        cursor = page.next ?? undefined
      } while (cursor)
      expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `Paging item ${6 - i}`))
      const prices: string[] = []
      cursor = undefined
      do {
        const page = await engine.searchProducts({
          tenantId,
          locale: 'en',
          currency: 'EUR',
          sort: 'price_asc',
          limit: 2,
          ...(cursor ? { cursor } : {}),
        })
        prices.push(...page.items.map((hit) => hit.title))
        cursor = page.next ?? undefined
      } while (cursor)
      expect(prices).toEqual(['Wool socks', 'Linen shirt', 'Oxford shirt'])
    })

    it('refuses a cursor it did not issue', async () => {
      await expect(
        engine.searchContent({ tenantId, locale: 'en', cursor: 'nonsense' }),
      ).rejects.toMatchObject({
        name: 'IndexError',
        code: 'INVALID_INPUT',
      })
    })
  })
}
