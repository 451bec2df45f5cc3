import type { Cart, CustomerAddress, Product, Promotion, Region } from '@rustok/commerce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/**
 * Carts over HTTP, through the whole server: an admin sets up a region with tax in prices, a
 * priced product, a flat-rate shipping option and a discount code; a guest builds a cart without
 * a token and sees exact totals; a signed-in customer's cart answers only to them; addresses are
 * the customer's own; another tenant's cart is 404; bad input names its field.
 */
describe('carts over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const admin = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token, ...(body === undefined ? {} : { body }) })
  const shop = (method: string, path: string, init: { body?: unknown; token?: string } = {}) =>
    server.request(method, path, init)
  let eu: Region
  let variantId: string

  beforeAll(async () => {
    server = await createTestServer()
    token = server.acme.admin.accessToken
    for (const side of [server.acme, server.globex])
      await server.services.tenantModules.enableModule(side.tenant.id, 'commerce')
    eu = await json<Region>(
      await admin('POST', '/api/commerce/regions', {
        name: 'Europe',
        currency: 'EUR',
        taxRate: '20',
        taxIncluded: true,
      }),
    )
    const product = await json<Product>(
      await admin('POST', '/api/commerce/products', {
        translations: [{ locale: 'en', title: 'Mug' }],
        variants: [{}],
      }),
    )
    variantId = product.variants[0]?.id ?? ''
    expect((await admin('POST', `/api/commerce/products/${product.id}/publish`)).status).toBe(200)
    const price = await admin('POST', `/api/commerce/variants/${variantId}/prices`, {
      currency: 'EUR',
      amount: 1250,
    })
    expect(price.status).toBe(201)
  }, 120_000)
  afterAll(() => server.destroy())

  it('a guest builds a cart: lines, a code, shipping, exact totals', async () => {
    const shipping = await admin('POST', '/api/commerce/shipping-options', {
      regionId: eu.id,
      name: 'Standard',
      amount: 490,
    })
    expect(shipping.status).toBe(201)
    const { id: standard } = await json<{ id: string }>(shipping)
    const promotion = await admin('POST', '/api/commerce/promotions', {
      code: 'welcome15',
      type: 'percentage',
      percent: '15',
      minSubtotal: 2000,
      currency: 'EUR',
      usageLimit: 100,
    })
    expect(promotion.status).toBe(201)
    expect(await json<Promotion>(promotion)).toMatchObject({ code: 'WELCOME15', usageCount: 0 })
    // Promotions are admin business: a customer may not make one.
    const denied = await shop('POST', '/api/commerce/promotions', {
      token: server.acme.customer.accessToken,
      body: { code: 'FREE', type: 'percentage', percent: '100' },
    })
    expect(denied.status).toBe(403)

    const created = await shop('POST', '/api/store/carts', {
      body: { regionId: eu.id, email: 'guest@example.com' },
    })
    expect(created.status).toBe(201)
    const cart = await json<Cart>(created)
    expect(cart).toMatchObject({ customerId: null, currency: 'EUR', lines: [] })
    const added = await shop('POST', `/api/store/carts/${cart.id}/lines`, {
      body: { variantId, quantity: 3 },
    })
    expect(added.status).toBe(200)
    const tooFew = await shop('POST', `/api/store/carts/${cart.id}/discount-codes`, {
      body: { code: 'nope' },
    })
    expect(tooFew.status).toBe(422)
    expect(await json<Problem>(tooFew)).toMatchObject({
      code: 'PROMOTION_NOT_APPLICABLE',
      errors: [{ path: 'body.code', message: 'NOT_FOUND' }],
    })
    const coded = await shop('POST', `/api/store/carts/${cart.id}/discount-codes`, {
      body: { code: 'Welcome15' },
    })
    expect(coded.status).toBe(200)
    const shipped = await shop('PUT', `/api/store/carts/${cart.id}/shipping-option`, {
      body: { shippingOptionId: standard },
    })
    expect(shipped.status).toBe(200)
    const read = await json<Cart>(await shop('GET', `/api/store/carts/${cart.id}`))
    // 3 × 1250 = 3750; 15% = 562.5 → 562 (half-even); 3188 + 490 = 3678;
    // tax in it: 3188 − 2656.67→2657 = 531, 490 − 408.33→408 = 82
    expect(read.totals).toEqual({
      subtotal: 3750,
      discountTotal: 562,
      shippingTotal: 490,
      taxTotal: 613,
      taxIncluded: true,
      total: 3678,
    })
    expect(read.lines[0]).toMatchObject({ quantity: 3, unitPrice: 1250, discount: 562 })

    const lineId = read.lines[0]?.id ?? ''
    const zero = await shop('PATCH', `/api/store/carts/${cart.id}/lines/${lineId}`, {
      body: { quantity: 0 },
    })
    expect(zero.status).toBe(400)
    expect((await json<Problem>(zero)).errors?.map((e) => e.path)).toEqual(['body.quantity'])
    const uncoded = await shop('DELETE', `/api/store/carts/${cart.id}/discount-codes/welcome15`)
    expect((await json<Cart>(uncoded)).totals.discountTotal).toBe(0)
    const removed = await shop('DELETE', `/api/store/carts/${cart.id}/lines/${lineId}`)
    expect((await json<Cart>(removed)).lines).toEqual([])
    const options = await json<{ items: { id: string }[] }>(
      await shop('GET', `/api/store/shipping-options?region=${eu.id}`),
    )
    expect(options.items.map((o) => o.id)).toEqual([standard])
  })

  it("a customer's cart answers only to them; another tenant's cart is 404", async () => {
    const customer = server.acme.customer
    const created = await shop('POST', '/api/store/carts', {
      token: customer.accessToken,
      body: { regionId: eu.id, lines: [{ variantId, quantity: 1 }] },
    })
    expect(created.status).toBe(201)
    const cart = await json<Cart>(created)
    expect(cart.customerId).toBe(customer.id)
    const path = `/api/store/carts/${cart.id}`
    expect((await shop('GET', path, { token: customer.accessToken })).status).toBe(200)
    expect((await shop('GET', path)).status).toBe(404)
    expect((await shop('GET', path, { token })).status).toBe(404)
    expect((await shop('PATCH', path, { body: { email: 'x@example.com' } })).status).toBe(404)
    expect((await shop('GET', path, { token: 'not-a-token' })).status).toBe(401)
    // The customer lists their own carts, a page at a time; nobody else sees them.
    await shop('POST', '/api/store/carts', {
      token: customer.accessToken,
      body: { regionId: eu.id },
    })
    const first = await json<{ items: Cart[]; nextCursor: string | null }>(
      await shop('GET', '/api/store/customers/me/carts?limit=1', { token: customer.accessToken }),
    )
    expect(first.items).toHaveLength(1)
    const second = await json<{ items: Cart[] }>(
      await shop('GET', `/api/store/customers/me/carts?limit=1&cursor=${first.nextCursor ?? ''}`, {
        token: customer.accessToken,
      }),
    )
    expect(second.items.map((c) => c.id)).toEqual([cart.id])
    expect(first.items[0]?.customerId).toBe(customer.id)
    const others = await json<{ items: Cart[] }>(
      await shop('GET', '/api/store/customers/me/carts', { token }),
    )
    expect(others.items.filter((c) => c.customerId === customer.id)).toEqual([])
    // An Idempotency-Key on a cart route is scoped to the token sent: the customer's retry
    // replays their cart; the same key and body from a guest never gets the customer's cart.
    const keyed = { regionId: eu.id, email: 'same@example.com' }
    const headers = { 'Idempotency-Key': 'shared-key-0001' }
    const mine = await server.request('POST', '/api/store/carts', {
      token: customer.accessToken,
      body: keyed,
      headers,
    })
    const theirs = await server.request('POST', '/api/store/carts', { body: keyed, headers })
    expect([mine.status, theirs.status]).toEqual([201, 201])
    const [mineCart, theirCart] = [await json<Cart>(mine), await json<Cart>(theirs)]
    expect(theirCart.id).not.toBe(mineCart.id)
    expect(theirCart.customerId).toBeNull()
    const retried = await server.request('POST', '/api/store/carts', {
      token: customer.accessToken,
      body: keyed,
      headers,
    })
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true')
    expect((await json<Cart>(retried)).id).toBe(mineCart.id)
    const foreign = await server.request('GET', path, {
      tenant: server.globex.tenant,
      token: server.globex.customer.accessToken,
    })
    expect(foreign.status).toBe(404)
    // A guest's cart of acme is no cart of globex either.
    const guestCart = await json<Cart>(
      await shop('POST', '/api/store/carts', { body: { regionId: eu.id } }),
    )
    const withLine = await json<Cart>(
      await shop('POST', `/api/store/carts/${guestCart.id}/lines`, {
        body: { variantId, quantity: 1 },
      }),
    )
    const base = `/api/store/carts/${guestCart.id}`
    const line = `${base}/lines/${withLine.lines[0]?.id ?? ''}`
    const calls: [string, string, unknown][] = [
      ['GET', base, undefined],
      ['PATCH', base, { email: 'x@example.com' }],
      ['POST', `${base}/lines`, { variantId, quantity: 1 }],
      ['PATCH', line, { quantity: 2 }],
      ['DELETE', line, undefined],
      ['POST', `${base}/discount-codes`, { code: 'WELCOME15' }],
      ['DELETE', `${base}/discount-codes/WELCOME15`, undefined],
      ['PUT', `${base}/shipping-option`, { shippingOptionId: null }],
    ]
    for (const [method, path, body] of calls) {
      const elsewhere = await server.request(method, path, {
        tenant: server.globex.tenant,
        ...(body === undefined ? {} : { body }),
      })
      expect(elsewhere.status, `${method} ${path}`).toBe(404)
    }
    expect((await json<Cart>(await shop('GET', base))).lines).toHaveLength(1)
    // globex has no region of acme's.
    const badRegion = await server.request('POST', '/api/store/carts', {
      tenant: server.globex.tenant,
      body: { regionId: eu.id },
    })
    expect(badRegion.status).toBe(400)
    expect((await json<Problem>(badRegion)).errors?.map((e) => e.path)).toEqual(['body.regionId'])
  })

  it("keeps a customer's addresses to that customer", async () => {
    const customer = server.acme.customer.accessToken
    const path = '/api/store/customers/me/addresses'
    const address = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      line1: '12 St James Square',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      countryCode: 'gb',
    }
    const created = await shop('POST', path, { token: customer, body: address })
    expect(created.status).toBe(201)
    const saved = await json<CustomerAddress>(created)
    expect(saved.address.countryCode).toBe('GB')
    const mine = await json<{ items: CustomerAddress[] }>(
      await shop('GET', path, { token: customer }),
    )
    expect(mine.items.map((a) => a.id)).toEqual([saved.id])
    const theirs = await json<{ items: CustomerAddress[] }>(await shop('GET', path, { token }))
    expect(theirs.items).toEqual([])
    expect((await shop('PUT', `${path}/${saved.id}`, { token, body: address })).status).toBe(404)
    expect((await shop('DELETE', `${path}/${saved.id}`, { token })).status).toBe(404)
    expect((await shop('GET', path)).status).toBe(401)
    const bad = await shop('POST', path, {
      token: customer,
      body: { ...address, countryCode: 'GBR' },
    })
    expect(bad.status).toBe(400)
    expect((await json<Problem>(bad)).errors?.map((e) => e.path)).toEqual(['body.countryCode'])
    expect((await shop('DELETE', `${path}/${saved.id}`, { token: customer })).status).toBe(204)
  })
})
