import type { Region, StorefrontListItem, StorefrontProduct } from '@rustok/commerce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../compose/demo-seed'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

/** What `pnpm start` shows a storefront: the demo shop in two regions and two currencies. */
describe('the demo catalogue', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
    await seedDemo(server.services)
  }, 120_000)
  afterAll(() => server.destroy())

  const get = async <T>(path: string) => {
    const response = await server.request('GET', path, { tenant: 'demo' })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }

  it('prices the shop in euros with VAT included and in dollars with tax added', async () => {
    const regions = await get<{ items: Region[] }>('/api/store/regions')
    const eu = regions.items.find((region) => region.currency === 'EUR')
    const us = regions.items.find((region) => region.currency === 'USD')
    expect([eu?.taxIncluded, us?.taxIncluded]).toEqual([true, false])
    const list = await get<{ items: StorefrontListItem[] }>(
      `/api/store/products?region=${eu?.id}&locale=ru`,
    )
    expect(list.items.map((item) => item.translation?.title).sort()).toEqual([
      'Классическая футболка',
      'Кружка для кофе',
      'Худи',
    ])
    const tee = await get<StorefrontProduct>(`/api/store/products/classic-t-shirt?region=${us?.id}`)
    expect(tee.variants).toHaveLength(6)
    expect(tee.variants[0]?.price).toMatchObject({
      amount: 2800,
      currency: 'USD',
      tax: { amount: 203 },
    })
    expect(tee.variants[0]?.availability).toEqual({ available: 40, inStock: true })
    // The mug is on sale in euros: the base price is shown struck through.
    const mug = await get<StorefrontProduct>(`/api/store/products/coffee-mug?region=${eu?.id}`)
    expect(mug.variants[0]?.price).toMatchObject({
      amount: 900,
      compareAt: 1200,
      reason: { source: 'sale' },
    })
  })

  it('ships flat rates per region and takes the welcome code in a cart', async () => {
    const regions = await get<{ items: Region[] }>('/api/store/regions')
    const eu = regions.items.find((region) => region.currency === 'EUR')
    const options = await get<{ items: { name: string; amount: number }[] }>(
      `/api/store/shipping-options?region=${eu?.id}`,
    )
    expect(options.items.map((o) => [o.name, o.amount]).sort()).toEqual([
      ['Express', 990],
      ['Standard', 490],
    ])
    const mug = await get<StorefrontProduct>(`/api/store/products/coffee-mug?region=${eu?.id}`)
    const created = await server.request('POST', '/api/store/carts', {
      tenant: 'demo',
      body: { regionId: eu?.id, lines: [{ variantId: mug.variants[0]?.id, quantity: 2 }] },
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const coded = await server.request('POST', `/api/store/carts/${id}/discount-codes`, {
      tenant: 'demo',
      body: { code: 'welcome10' },
    })
    expect(coded.status).toBe(200)
    // 2 × 900 on sale = 1800, 10 % off = 180
    expect(((await coded.json()) as { totals: unknown }).totals).toMatchObject({
      subtotal: 1800,
      discountTotal: 180,
      total: 1620,
    })
  })
})
