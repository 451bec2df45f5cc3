import { randomUUID } from 'node:crypto'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { createStorefrontService } from './storefront-service'

const actor = { userId: randomUUID() }

describe('storefront reads', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('reads a product by handle and a page of 20 in a fixed number of statements', async () => {
    const tenantId = randomUUID()
    const pricing = t.pricing()
    const inventory = t.inventory()
    const eu = await pricing.regions.create(tenantId, { name: 'EU', currency: 'EUR' }, actor)
    const { id: locationId } = await inventory.createLocation(tenantId, { name: 'W' })
    for (let i = 0; i < 25; i++) {
      const product = await t.products().create(
        tenantId,
        {
          translations: [
            { locale: 'en', title: `Shirt ${i}` },
            { locale: 'de', title: `Hemd ${i}` },
          ],
          options: [
            {
              translations: [{ locale: 'en', name: 'Size' }],
              values: ['S', 'M', 'L'].map((label) => ({
                translations: [{ locale: 'en', label }],
              })),
            },
          ],
        },
        actor,
      )
      for (const [index, variant] of product.variants.entries()) {
        await pricing.prices.add(
          { tenantId, variantId: variant.id },
          { currency: 'EUR', amount: 1000 + 100 * index + i },
          actor,
        )
        await inventory.adjust(
          { tenantId, variantId: variant.id, locationId },
          { delta: index },
          actor,
        )
      }
      if (i !== 3) await t.products().transition({ tenantId, id: product.id }, 'publish', actor)
    }
    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const store = createStorefrontService({
      db: t.db.withPlugin(counting),
      events: { publishInTx: () => Promise.resolve() },
      locales: (_tenant, requested) => Promise.resolve([requested, 'en']),
    })
    await store.list({ tenantId }, { limit: 20, locale: 'de' })
    const unpriced = statements
    statements = 0
    const page = await store.list({ tenantId }, { limit: 20, locale: 'de', regionId: eu.id })
    expect(page.items).toHaveLength(20)
    expect(page.items[0]).toMatchObject({
      translation: { locale: 'de', title: 'Hemd 24' },
      fromPrice: { amount: 1024, currency: 'EUR' },
    })
    // Prices for a region add two statements to the product list, however many products: the
    // variants of the page, and their prices with the region.
    expect(statements).toBe(unpriced + 2)
    statements = 0
    const shirt = await store.product(
      { tenantId },
      { handle: 'hemd-7', locale: 'fr', regionId: eu.id },
    )
    expect(shirt.translation).toMatchObject({ locale: 'en', requested: 'fr', fallback: true })
    expect(
      shirt.variants.map((variant) => [variant.options[0]?.label, variant.price?.amount]),
    ).toEqual([
      ['S', 1007],
      ['M', 1107],
      ['L', 1207],
    ])
    expect(shirt.variants.map((variant) => variant.availability)).toEqual([
      { available: 0, inStock: false },
      { available: 1, inStock: true },
      { available: 2, inStock: true },
    ])
    const productStatements = statements
    statements = 0
    await t.products({ db: t.db.withPlugin(counting) }).get({ tenantId, id: shirt.id })
    // However many variants: the handle, the product read, one pricing and one stock statement.
    expect(productStatements).toBe(statements + 3)
    // A draft is not in the store.
    const draft = await store
      .product({ tenantId }, { handle: 'shirt-3', locale: 'en' })
      .catch((error: unknown) => (isCommerceError(error) ? error.code : 'other'))
    expect(draft).toBe('NOT_FOUND')
  })
})
