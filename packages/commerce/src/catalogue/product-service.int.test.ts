import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import type { OptionInput } from './product-schemas'

const actor = { userId: randomUUID() }
const option = (name: string, labels: readonly string[]): OptionInput => ({
  translations: [{ locale: 'en', name }],
  values: labels.map((label) => ({ translations: [{ locale: 'en', label }] })),
})

async function failure(promise: Promise<unknown>): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isCommerceError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a CommerceError')
}

describe('product service', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('creates 3 options × 3 values as 27 variants, with one event each, in one transaction', async () => {
    const tenantId = randomUUID()
    const product = await t.products().create(
      tenantId,
      {
        translations: [
          { locale: 'en', title: 'Classic tee' },
          { locale: 'ru', title: 'Классическая футболка' },
        ],
        options: [
          option('Size', ['S', 'M', 'L']),
          option('Colour', ['Red', 'Green', 'Blue']),
          option('Fit', ['Slim', 'Regular', 'Loose']),
        ],
      },
      actor,
    )
    expect(product.status).toBe('draft')
    expect(product.translations.map((x) => x.handle)).toEqual([
      'classic-tee',
      'klassicheskaya-futbolka',
    ])
    expect(product.variants).toHaveLength(27)
    expect(new Set(product.variants.map((v) => v.valueIds.join())).size).toBe(27)
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((x) => x === 'variant.created')).toHaveLength(27)
    expect(types[0]).toBe('product.created')
  })

  it('creates nothing when one variant fails (a duplicate SKU), and names it', async () => {
    const tenantId = randomUUID()
    const products = t.products()
    await products.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Mug' }], variants: [{ sku: 'MUG-1' }] },
      actor,
    )
    const refused = await failure(
      products.create(
        tenantId,
        {
          translations: [{ locale: 'en', title: 'Cup' }],
          options: [option('Size', ['S', 'M'])],
          variants: [
            { values: [0], sku: 'CUP-S' },
            { values: [1], sku: 'MUG-1' },
          ],
        },
        actor,
      ),
    )
    expect(refused).toEqual({
      code: 'CONFLICT',
      errors: [{ path: 'variants.1.sku', message: '"MUG-1" is taken' }],
    })
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from commerce_products where tenant_id = ${tenantId}`.execute(t.db)
    expect(rows[0]?.n).toBe(1)
    expect((await t.events(tenantId)).map((e) => e.type)).toEqual([
      'product.created',
      'variant.created',
    ])
    // The same SKU and handle in another tenant are fine.
    await products.create(
      randomUUID(),
      { translations: [{ locale: 'en', title: 'Mug' }], variants: [{ sku: 'MUG-1' }] },
      actor,
    )
  })

  it('refuses a taken handle in the same tenant and locale with 409', async () => {
    const tenantId = randomUUID()
    const products = t.products()
    await products.create(tenantId, { translations: [{ locale: 'en', title: 'Poster' }] }, actor)
    const refused = await failure(
      products.create(tenantId, { translations: [{ locale: 'en', title: 'Poster!' }] }, actor),
    )
    expect(refused).toEqual({
      code: 'CONFLICT',
      errors: [{ path: 'translations.0.handle', message: '"poster" is taken' }],
    })
    await products.create(tenantId, { translations: [{ locale: 'de', title: 'Poster' }] }, actor)
  })

  it('refuses variants that do not match the options, or repeat a combination', async () => {
    const products = t.products()
    const base = {
      translations: [{ locale: 'en', title: 'Hat' }],
      options: [option('Size', ['S', 'M'])],
    }
    expect(
      await failure(products.create(randomUUID(), { ...base, variants: [{ values: [2] }] }, actor)),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'variants.0.values' }],
    })
    expect(
      await failure(
        products.create(
          randomUUID(),
          { ...base, variants: [{ values: [0] }, { values: [0] }] },
          actor,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'variants.1.values' }] })
    const many = Array.from({ length: 11 }, (_, i) => String(i))
    expect(
      await failure(
        products.create(
          randomUUID(),
          { translations: base.translations, options: [option('A', many), option('B', many)] },
          actor,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', errors: [{ path: 'options' }] })
  })

  it('follows draft → active → archived → draft, refuses the rest, and deletes only when not active', async () => {
    const tenantId = randomUUID()
    const products = t.products()
    const product = await products.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Lamp' }] },
      actor,
    )
    const ref = { tenantId, id: product.id }
    expect((await failure(products.transition(ref, 'archive', actor))).code).toBe(
      'INVALID_TRANSITION',
    )
    expect((await products.transition(ref, 'publish', actor)).status).toBe('active')
    expect((await failure(products.delete(ref, actor))).code).toBe('CONFLICT')
    expect((await products.transition(ref, 'archive', actor)).status).toBe('archived')
    await products.delete(ref, actor)
    expect((await failure(products.get(ref))).code).toBe('NOT_FOUND')
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((x) => x.startsWith('product.'))).toEqual([
      'product.created',
      'product.published',
      'product.archived',
      'product.deleted',
    ])
  })

  it("answers NOT_FOUND for another tenant's product", async () => {
    const products = t.products()
    const product = await products.create(
      randomUUID(),
      { translations: [{ locale: 'en', title: 'Rug' }] },
      actor,
    )
    const ref = { tenantId: randomUUID(), id: product.id }
    expect((await failure(products.get(ref))).code).toBe('NOT_FOUND')
    expect((await failure(products.transition(ref, 'publish', actor))).code).toBe('NOT_FOUND')
    expect((await failure(products.delete(ref, actor))).code).toBe('NOT_FOUND')
  })

  it('lists with the fallback locale and keyset pages; the storefront sees active products only', async () => {
    const tenantId = randomUUID()
    const products = t.products({ locales: (_t, requested) => Promise.resolve([requested, 'en']) })
    for (let i = 0; i < 5; i++) {
      const p = await products.create(
        tenantId,
        {
          translations: [
            { locale: 'en', title: `Item ${i}` },
            ...(i % 2 ? [{ locale: 'de', title: `Artikel ${i}` }] : []),
          ],
        },
        actor,
      )
      if (i < 3) await products.transition({ tenantId, id: p.id }, 'publish', actor)
    }
    const first = await products.list({ tenantId }, { limit: 3, locale: 'de' })
    expect(first.items.map((item) => item.translation?.title)).toEqual([
      'Item 4',
      'Artikel 3',
      'Item 2',
    ])
    const second = await products.list(
      { tenantId },
      { limit: 3, locale: 'de', after: first.next ?? undefined },
    )
    expect(second.items.map((item) => item.translation?.locale)).toEqual(['de', 'en'])
    expect(second.next).toBeNull()
    const store = await products.list({ tenantId, activeOnly: true }, { q: 'item' })
    expect(store.items).toHaveLength(3)
  })

  it('refuses a cross-tenant variant link in the database itself', async () => {
    const [a, b] = [randomUUID(), randomUUID()]
    const products = t.products()
    const pa = await products.create(
      a,
      { translations: [{ locale: 'en', title: 'A' }], options: [option('S', ['x'])] },
      actor,
    )
    const pb = await products.create(b, { translations: [{ locale: 'en', title: 'B' }] }, actor)
    const insert = sql`insert into commerce_variant_option_values (tenant_id, variant_id, value_id)
      values (${b}, ${pb.variants[0]?.id}, ${pa.options[0]?.values[0]?.id})`.execute(t.db)
    const code = await insert.then(
      () => undefined,
      (error: unknown) => (error as { code?: string }).code,
    )
    expect(code).toBe('23503')
  })
})
