import { randomUUID } from 'node:crypto'
import { sql, type KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'

const actor = { userId: randomUUID() }
const DAY = 86_400_000

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isCommerceError(error)) return error.code
    throw error
  }
  return 'ok'
}

/** The SQLSTATE of a failed statement. */
async function sqlState(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return String((error as { code?: unknown }).code)
  }
  return 'ok'
}

describe('pricing: regions, price lists, stored prices, resolution', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
    console.info(`[commerce] pricing on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  /** A tenant with a product of `variants` variants, an EU (EUR) and a US (USD) region. */
  async function shop(variants = 1) {
    const tenantId = randomUUID()
    const product = await t.products().create(
      tenantId,
      {
        translations: [{ locale: 'en', title: `Tee ${randomUUID()}` }],
        options: [
          {
            translations: [{ locale: 'en', name: 'Size' }],
            values: Array.from({ length: variants }, (_, index) => ({
              translations: [{ locale: 'en', label: `S${index}` }],
            })),
          },
        ],
      },
      actor,
    )
    const pricing = t.pricing()
    const eu = await pricing.regions.create(
      tenantId,
      { name: 'EU', currency: 'eur', countries: ['DE', 'FR'], taxRate: '20', taxIncluded: true },
      actor,
    )
    const us = await pricing.regions.create(
      tenantId,
      { name: 'US', currency: 'USD', countries: ['US'], taxRate: '8.875' },
      actor,
    )
    const variantIds = product.variants.map((variant) => variant.id)
    return {
      tenantId,
      productId: product.id,
      variantIds,
      variantId: variantIds[0] ?? '',
      eu,
      us,
      pricing,
    }
  }

  it('stores regions with their tax rule, and prices per currency, region, list and tier', async () => {
    const { tenantId, variantId, eu, us, pricing } = await shop()
    expect(eu).toMatchObject({
      currency: 'EUR',
      countries: ['DE', 'FR'],
      taxRate: '20',
      taxIncluded: true,
    })
    expect(us).toMatchObject({ currency: 'USD', taxRate: '8.875', taxIncluded: false })
    const base = await pricing.prices.add(
      { tenantId, variantId },
      { currency: 'EUR', amount: 2000, compareAt: 2500 },
      actor,
    )
    expect(base).toMatchObject({
      amount: 2000,
      compareAt: 2500,
      regionId: null,
      priceListId: null,
      minQuantity: 1,
    })
    expect(
      await code(
        pricing.prices.add({ tenantId, variantId }, { currency: 'EUR', amount: 1900 }, actor),
      ),
    ).toBe('CONFLICT')
    expect(
      await code(
        pricing.prices.add(
          { tenantId, variantId },
          { currency: 'USD', amount: 10, regionId: eu.id },
          actor,
        ),
      ),
    ).toBe('INVALID_INPUT')
    expect(
      await code(
        pricing.prices.add(
          { tenantId, variantId },
          { currency: 'EUR', amount: 10, compareAt: 5 },
          actor,
        ),
      ),
    ).toBe('INVALID_INPUT')
    const updated = await pricing.prices.update({ tenantId, id: base.id }, { amount: 2100 }, actor)
    expect(updated).toMatchObject({ amount: 2100, compareAt: 2500 })
    expect(
      await code(pricing.prices.update({ tenantId, id: base.id }, { amount: 3000 }, actor)),
    ).toBe('INVALID_INPUT')
    const page = await pricing.prices.listForVariant({ tenantId, variantId })
    expect(page.items.map((price) => price.id)).toEqual([base.id])
    await pricing.prices.delete({ tenantId, id: base.id }, actor)
    expect(await code(pricing.prices.get({ tenantId, id: base.id }))).toBe('NOT_FOUND')
    const types = (await t.events(tenantId)).map((event) => event.type)
    expect(types.filter((type) => /^(price|region)\./.test(type))).toEqual([
      'region.created',
      'region.created',
      'price.created',
      'price.updated',
      'price.deleted',
    ])
    const updatedEvent = (await t.events(tenantId)).find((event) => event.type === 'price.updated')
    expect(updatedEvent?.payload).toMatchObject({
      priceId: base.id,
      oldAmount: 2000,
      newAmount: 2100,
    })
  })

  it('resolves from stored rows: region before currency-wide, tiers, sale and override lists, windows', async () => {
    const now = new Date('2026-06-15T12:00:00Z')
    const { tenantId, variantId, eu, us, pricing } = await shop()
    const p = t.pricing({ now: () => now })
    const add = (input: Parameters<typeof pricing.prices.add>[1]) =>
      pricing.prices.add({ tenantId, variantId }, input, actor)
    await add({ currency: 'EUR', amount: 2000 })
    await add({ currency: 'EUR', amount: 1800, minQuantity: 10 })
    const regional = await add({ currency: 'EUR', amount: 1900, regionId: eu.id })
    await add({ currency: 'USD', amount: 2400 })
    // Region EU: its own price beats the currency-wide one, whatever came first.
    let resolved = await p.resolve(tenantId, { variantIds: [variantId], regionId: eu.id })
    expect(resolved.items[0]?.price).toMatchObject({
      amount: 1900,
      currency: 'EUR',
      reason: { source: 'base', priceId: regional.id, regional: true },
      // 20 % included: 1900 − 1900 / 1.2 = 316.67 → 317
      tax: { rate: '20', included: true, amount: 317 },
    })
    // A bare currency: currency-wide only; quantity 10 takes the tier.
    resolved = await p.resolve(tenantId, { variantIds: [variantId], currency: 'EUR', quantity: 10 })
    expect(resolved.items[0]?.price).toMatchObject({
      amount: 1800,
      reason: { source: 'base', tier: { minQuantity: 10, maxQuantity: null }, regional: false },
      tax: null,
    })
    // US: USD currency-wide price, tax added (8.875 % of 2400 = 213).
    resolved = await p.resolve(tenantId, { variantIds: [variantId], regionId: us.id })
    expect(resolved.items[0]?.price).toMatchObject({
      amount: 2400,
      currency: 'USD',
      tax: { amount: 213 },
    })

    // A sale list, active in a window around now: lowers the price, base becomes compare-at.
    const sale = await pricing.priceLists.create(
      tenantId,
      {
        name: 'Summer sale',
        type: 'sale',
        status: 'active',
        startsAt: new Date(now.getTime() - DAY),
        endsAt: new Date(now.getTime() + DAY),
      },
      actor,
    )
    await add({ currency: 'EUR', amount: 1500, priceListId: sale.id })
    resolved = await p.resolve(tenantId, { variantIds: [variantId], currency: 'EUR' })
    expect(resolved.items[0]?.price).toMatchObject({
      amount: 1500,
      compareAt: 2000,
      reason: { source: 'sale', priceListId: sale.id },
    })
    // Outside its window, or in draft, it does not apply.
    const later = t.pricing({ now: () => new Date(now.getTime() + 2 * DAY) })
    resolved = await later.resolve(tenantId, { variantIds: [variantId], currency: 'EUR' })
    expect(resolved.items[0]?.price?.reason.source).toBe('base')
    await pricing.priceLists.update({ tenantId, id: sale.id }, { status: 'draft' }, actor)
    resolved = await p.resolve(tenantId, { variantIds: [variantId], currency: 'EUR' })
    expect(resolved.items[0]?.price?.amount).toBe(2000)

    // An override list wins outright, even above the base.
    const b2b = await pricing.priceLists.create(
      tenantId,
      { name: 'B2B', type: 'override', status: 'active' },
      actor,
    )
    await add({ currency: 'EUR', amount: 2200, priceListId: b2b.id })
    resolved = await p.resolve(tenantId, { variantIds: [variantId], regionId: eu.id })
    expect(resolved.items[0]?.price).toMatchObject({
      amount: 2200,
      reason: { source: 'override', priceListId: b2b.id },
    })
    // Deleting the list takes its prices with it.
    await pricing.priceLists.delete({ tenantId, id: b2b.id }, actor)
    resolved = await p.resolve(tenantId, { variantIds: [variantId], regionId: eu.id })
    expect(resolved.items[0]?.price?.amount).toBe(1900)
  })

  it('resolves many variants in ONE statement; a variant without a price is null', async () => {
    const { tenantId, variantIds, eu, pricing } = await shop(20)
    for (const [index, variantId] of variantIds.slice(0, 19).entries()) {
      await pricing.prices.add(
        { tenantId, variantId },
        { currency: 'EUR', amount: 1000 + index },
        actor,
      )
      await pricing.prices.add(
        { tenantId, variantId },
        { currency: 'EUR', amount: 900 + index, regionId: eu.id },
        actor,
      )
    }
    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const counted = t.pricing({ db: t.db.withPlugin(counting) })
    const resolved = await counted.resolve(tenantId, { variantIds, regionId: eu.id })
    expect(statements).toBe(1)
    expect(resolved.region?.id).toBe(eu.id)
    expect(resolved.items.slice(0, 19).map((item) => item.price?.amount)).toEqual(
      variantIds.slice(0, 19).map((_, index) => 900 + index),
    )
    expect(resolved.items[19]).toEqual({ variantId: variantIds[19], price: null })
  })

  it("another tenant's region, list or variant: 404 through the service, 23503 from the database", async () => {
    const own = await shop()
    const other = await shop()
    const list = await other.pricing.priceLists.create(
      other.tenantId,
      { name: 'X', type: 'sale' },
      actor,
    )
    expect(
      await code(
        own.pricing.prices.add(
          { tenantId: own.tenantId, variantId: own.variantId },
          { currency: 'EUR', amount: 1, regionId: other.eu.id },
          actor,
        ),
      ),
    ).toBe('NOT_FOUND')
    expect(
      await code(
        own.pricing.prices.add(
          { tenantId: own.tenantId, variantId: own.variantId },
          { currency: 'EUR', amount: 1, priceListId: list.id },
          actor,
        ),
      ),
    ).toBe('NOT_FOUND')
    expect(
      await code(
        own.pricing.prices.add(
          { tenantId: own.tenantId, variantId: other.variantId },
          { currency: 'EUR', amount: 1 },
          actor,
        ),
      ),
    ).toBe('NOT_FOUND')
    expect(
      await code(
        own.pricing.resolve(own.tenantId, { variantIds: [own.variantId], regionId: other.eu.id }),
      ),
    ).toBe('NOT_FOUND')
    expect(await code(own.pricing.regions.get({ tenantId: own.tenantId, id: other.eu.id }))).toBe(
      'NOT_FOUND',
    )
    // Raw inserts past the service: the composite keys refuse every cross-tenant link.
    const insert = (values: {
      variant: string
      region?: string
      list?: string
      currency?: string
    }) =>
      sql`insert into commerce_prices (id, tenant_id, variant_id, currency, region_id, price_list_id, amount)
        values (${randomUUID()}, ${own.tenantId}, ${values.variant}, ${values.currency ?? 'EUR'},
          ${values.region ?? null}, ${values.list ?? null}, 1)`.execute(t.db)
    expect(await sqlState(insert({ variant: other.variantId }))).toBe('23503')
    expect(await sqlState(insert({ variant: own.variantId, region: other.eu.id }))).toBe('23503')
    expect(await sqlState(insert({ variant: own.variantId, list: list.id }))).toBe('23503')
    // …and a regional price in another currency than its region's.
    expect(
      await sqlState(insert({ variant: own.variantId, region: own.eu.id, currency: 'USD' })),
    ).toBe('23503')
    expect(await sqlState(insert({ variant: own.variantId, region: own.eu.id }))).toBe('ok')
  })

  it('validates regions and price lists, and deletes a region with its regional prices', async () => {
    const { tenantId, variantId, eu, pricing } = await shop()
    expect(
      await code(pricing.regions.create(tenantId, { name: 'X', currency: 'EURO' }, actor)),
    ).toBe('INVALID_INPUT')
    expect(
      await code(
        pricing.regions.create(tenantId, { name: 'X', currency: 'EUR', taxRate: '101' }, actor),
      ),
    ).toBe('INVALID_INPUT')
    expect(
      await code(
        pricing.priceLists.create(
          tenantId,
          {
            name: 'X',
            type: 'sale',
            startsAt: '2026-02-01T00:00:00Z',
            endsAt: '2026-01-01T00:00:00Z',
          },
          actor,
        ),
      ),
    ).toBe('INVALID_INPUT')
    const renamed = await pricing.regions.update(
      { tenantId, id: eu.id },
      { name: 'Europe', taxRate: '21' },
      actor,
    )
    expect(renamed).toMatchObject({ name: 'Europe', taxRate: '21', currency: 'EUR' })
    const price = await pricing.prices.add(
      { tenantId, variantId },
      { currency: 'EUR', amount: 5, regionId: eu.id },
      actor,
    )
    await pricing.regions.delete({ tenantId, id: eu.id }, actor)
    expect(await code(pricing.prices.get({ tenantId, id: price.id }))).toBe('NOT_FOUND')
    const regions = await pricing.regions.list(tenantId, { limit: 1 })
    expect(regions.items).toHaveLength(1)
    expect(regions.next).toBeNull()
  })
})
