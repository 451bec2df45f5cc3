import type { Product, Region, StorefrontListItem, StorefrontProduct } from '@rustok/commerce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/**
 * The commerce module's user story over HTTP, through the whole server: an admin sets up a region,
 * a product with two sizes, prices (a regional one and a sale), stock, and publishes it; a
 * storefront without a token reads it by handle in the region's currency, with the tax, why each
 * price, availability and the locale fallback; another tenant's ids answer 404.
 */
describe('commerce over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const admin = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token, ...(body === undefined ? {} : { body }) })
  const store = (path: string, tenant = server.acme.tenant) =>
    server.request('GET', path, { tenant })

  beforeAll(async () => {
    server = await createTestServer()
    token = server.acme.admin.accessToken
    for (const side of [server.acme, server.globex]) {
      await server.services.tenantModules.enableModule(side.tenant.id, 'commerce')
    }
    const locale = await admin('POST', '/api/admin/locales', { code: 'ru', fallback: 'en' })
    expect(locale.status).toBe(201)
  }, 120_000)
  afterAll(() => server.destroy())

  it('takes a priced, stocked product from draft to a storefront read in the region currency', async () => {
    const regionResponse = await admin('POST', '/api/commerce/regions', {
      name: 'Europe',
      currency: 'EUR',
      countries: ['DE', 'FR'],
      taxRate: '20',
      taxIncluded: true,
    })
    expect(regionResponse.status).toBe(201)
    const eu = await json<Region>(regionResponse)
    const created = await admin('POST', '/api/commerce/products', {
      translations: [
        { locale: 'en', title: 'Linen shirt', description: 'Breathable.' },
        { locale: 'ru', title: 'Льняная рубашка' },
      ],
      options: [
        {
          translations: [{ locale: 'en', name: 'Size' }],
          values: [
            { translations: [{ locale: 'en', label: 'S' }] },
            { translations: [{ locale: 'en', label: 'M' }] },
          ],
        },
      ],
    })
    expect(created.status).toBe(201)
    const product = await json<Product>(created)
    const [small, medium] = product.variants.map((variant) => variant.id)
    const handle = product.translations.find((t) => t.locale === 'en')?.handle
    expect(handle).toBe('linen-shirt')

    // Prices: currency-wide for both, a cheaper one for the region on S, a sale on M.
    for (const variantId of [small, medium]) {
      const price = await admin('POST', `/api/commerce/variants/${variantId}/prices`, {
        currency: 'EUR',
        amount: 4900,
        compareAt: 5900,
      })
      expect(price.status).toBe(201)
    }
    expect(
      (
        await admin('POST', `/api/commerce/variants/${small}/prices`, {
          currency: 'EUR',
          amount: 4500,
          regionId: eu.id,
        })
      ).status,
    ).toBe(201)
    const saleResponse = await admin('POST', '/api/commerce/price-lists', {
      name: 'Spring sale',
      type: 'sale',
      status: 'active',
      startsAt: '2020-01-01T00:00:00Z',
    })
    expect(saleResponse.status).toBe(201)
    const sale = await json<{ id: string }>(saleResponse)
    expect(
      (
        await admin('POST', `/api/commerce/variants/${medium}/prices`, {
          currency: 'EUR',
          amount: 3900,
          priceListId: sale.id,
        })
      ).status,
    ).toBe(201)

    // Bad input names the field; a second price for the same scope is a conflict.
    const bad = await admin('POST', `/api/commerce/variants/${small}/prices`, {
      currency: 'EUR',
      amount: 100,
      compareAt: 50,
      minQuantity: 2,
    })
    expect(bad.status).toBe(400)
    expect((await json<Problem>(bad)).errors?.map((e) => e.path)).toEqual(['body.compareAt'])
    const oldestFirst = await admin('GET', '/api/commerce/products?sort=createdAt')
    expect(oldestFirst.status).toBe(400)
    expect((await json<Problem>(oldestFirst)).errors?.map((e) => e.path)).toEqual(['query.sort'])
    const twice = await admin('POST', `/api/commerce/variants/${small}/prices`, {
      currency: 'EUR',
      amount: 100,
    })
    expect(twice.status).toBe(409)

    // Stock: 5 of S in a warehouse, M none; a cart holds 2 of S.
    const locationResponse = await admin('POST', '/api/commerce/locations', { name: 'Warehouse' })
    expect(locationResponse.status).toBe(201)
    const { id: warehouse } = await json<{ id: string }>(locationResponse)
    const adjusted = await admin('POST', `/api/commerce/inventory/${small}/${warehouse}/adjust`, {
      delta: 5,
      reason: 'Delivery',
    })
    expect(adjusted.status).toBe(200)
    const held = await admin('POST', '/api/commerce/reservations', {
      variantId: small,
      locationId: warehouse,
      quantity: 2,
      reference: 'cart:1',
    })
    expect(held.status).toBe(201)
    const tooMany = await admin('POST', '/api/commerce/reservations', {
      variantId: small,
      locationId: warehouse,
      quantity: 4,
      reference: 'cart:2',
    })
    expect(tooMany.status).toBe(422)
    expect((await json<Problem>(tooMany)).code).toBe('INSUFFICIENT_INVENTORY')

    // A draft is not in the store; published, it is.
    expect((await store(`/api/store/products/${handle}`)).status).toBe(404)
    expect((await admin('POST', `/api/commerce/products/${product.id}/publish`)).status).toBe(200)
    const read = await store(`/api/store/products/${handle}?region=${eu.id}&locale=ru`)
    expect(read.status).toBe(200)
    const shown = await json<StorefrontProduct>(read)
    expect(shown.translation).toMatchObject({
      locale: 'ru',
      fallback: false,
      value: { title: 'Льняная рубашка' },
    })
    // The option has no Russian name: the fallback chain gives the English one.
    expect(shown.options.map((option) => option.name)).toEqual(['Size'])
    expect(shown.region?.currency).toBe('EUR')
    const [s, m] = shown.variants
    expect(s?.price).toMatchObject({
      amount: 4500,
      currency: 'EUR',
      reason: { source: 'base', regional: true },
      tax: { rate: '20', included: true, amount: 750 },
    })
    expect(s?.availability).toEqual({ available: 3, inStock: true })
    expect(m?.price).toMatchObject({
      amount: 3900,
      compareAt: 4900,
      reason: { source: 'sale', priceListId: sale.id },
    })
    expect(m?.availability).toEqual({ available: 0, inStock: false })

    // A locale the tenant lacks falls back to the default; the list shows "from" prices.
    const german = await json<StorefrontProduct>(
      await store(`/api/store/products/${handle}?locale=de`),
    )
    expect(german.translation).toMatchObject({ locale: 'en', requested: 'de', fallback: true })
    expect(german.variants[0]?.price).toBeNull()
    const list = await json<{ items: StorefrontListItem[] }>(
      await store(`/api/store/products?region=${eu.id}`),
    )
    expect(list.items.map((item) => [item.translation?.handle, item.fromPrice?.amount])).toEqual([
      ['linen-shirt', 3900],
    ])

    // Another tenant: its admin gets 404 for these ids; its storefront does not know the handle.
    const globex = { tenant: server.globex.tenant, token: server.globex.admin.accessToken }
    for (const path of [
      `/api/commerce/products/${product.id}`,
      `/api/commerce/regions/${eu.id}`,
      `/api/commerce/price-lists/${sale.id}`,
      `/api/commerce/variants/${small}/prices`,
      `/api/commerce/locations/${warehouse}`,
      `/api/commerce/inventory/${small}/${warehouse}`,
    ]) {
      expect((await server.request('GET', path, globex)).status, path).toBe(404)
    }
    expect(
      (await server.request('POST', `/api/commerce/products/${product.id}/archive`, globex)).status,
    ).toBe(404)
    expect((await store(`/api/store/products/${handle}`, server.globex.tenant)).status).toBe(404)
    // A customer may not manage the catalogue; an active product cannot be deleted.
    const customer = await server.request('POST', '/api/commerce/regions', {
      token: server.acme.customer.accessToken,
      body: { name: 'X', currency: 'USD' },
    })
    expect(customer.status).toBe(403)
    expect((await admin('DELETE', `/api/commerce/products/${product.id}`)).status).toBe(409)
    expect((await admin('POST', `/api/commerce/products/${product.id}/archive`)).status).toBe(200)
    expect((await store(`/api/store/products/${handle}`)).status).toBe(404)
    expect((await admin('DELETE', `/api/commerce/products/${product.id}`)).status).toBe(204)
  })
})
