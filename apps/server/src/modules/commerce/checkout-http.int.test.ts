import type { Cart, Order, Product, Region } from '@rustok/commerce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}
type WithHistory = Order & { readonly history: readonly { readonly type: string }[] }

/**
 * Checkout and orders over HTTP, through the whole server: a guest checks out a cart with an
 * Idempotency-Key (a repeat answers the same order), an admin captures, ships and delivers it and
 * reads its history, a signed-in customer sees only their own orders, out of stock is a clean
 * 422, and another tenant's order is 404.
 */
describe('checkout and orders over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const admin = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token, ...(body === undefined ? {} : { body }) })
  let eu: Region
  let variantId: string

  const cartOf = async (
    quantity: number,
    customerToken?: string,
    email: string | null = 'shopper@example.com',
  ): Promise<Cart> =>
    json<Cart>(
      await server.request('POST', '/api/store/carts', {
        ...(customerToken === undefined ? {} : { token: customerToken }),
        body: { regionId: eu.id, email, lines: [{ variantId, quantity }] },
      }),
    )

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
        translations: [{ locale: 'en', title: 'Lamp' }],
        variants: [{}],
      }),
    )
    variantId = product.variants[0]?.id ?? ''
    await admin('POST', `/api/commerce/products/${product.id}/publish`)
    await admin('POST', `/api/commerce/variants/${variantId}/prices`, {
      currency: 'EUR',
      amount: 4900,
    })
    const { id: locationId } = await json<{ id: string }>(
      await admin('POST', '/api/commerce/locations', { name: 'Warehouse' }),
    )
    const stocked = await admin(
      'POST',
      `/api/commerce/inventory/${variantId}/${locationId}/adjust`,
      { delta: 5 },
    )
    expect(stocked.status).toBe(200)
  }, 120_000)
  afterAll(() => server.destroy())

  it('a guest checks out; the same Idempotency-Key answers the same order; staff take it to delivered', async () => {
    const cart = await cartOf(2)
    const complete = () =>
      server.request('POST', `/api/store/carts/${cart.id}/complete`, {
        headers: { 'idempotency-key': `checkout-${cart.id}` },
        body: {},
      })
    const first = await complete()
    expect(first.status).toBe(201)
    const { order } = await json<{ order: Order }>(first)
    expect(order).toMatchObject({ status: 'confirmed', total: 9800, email: 'shopper@example.com' })
    const again = await complete()
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect((await json<{ order: Order }>(again)).order.id).toBe(order.id)

    const listed = await json<{ items: Order[] }>(
      await admin('GET', '/api/commerce/orders?status=confirmed'),
    )
    expect(listed.items.map((o) => o.id)).toContain(order.id)
    expect((await admin('POST', `/api/commerce/orders/${order.id}/capture`)).status).toBe(200)
    const badShip = await admin('POST', `/api/commerce/orders/${order.id}/ship`, {
      carrier: 'dhl',
      trackingNumber: '?',
    })
    expect(badShip.status).toBe(400)
    expect((await json<Problem>(badShip)).errors?.map((e) => e.path)).toEqual([
      'body.trackingNumber',
    ])
    const shipped = await admin('POST', `/api/commerce/orders/${order.id}/ship`, {
      carrier: 'dhl',
      trackingNumber: 'JD014600',
    })
    expect(await json<Order>(shipped)).toMatchObject({ status: 'shipped', paidTotal: 9800 })
    expect((await admin('POST', `/api/commerce/orders/${order.id}/deliver`)).status).toBe(200)
    const cancel = await admin('POST', `/api/commerce/orders/${order.id}/cancel`, {})
    expect(cancel.status).toBe(409)
    expect((await json<Problem>(cancel)).code).toBe('INVALID_TRANSITION')
    const read = await json<WithHistory>(await admin('GET', `/api/commerce/orders/${order.id}`))
    expect(read.history.map((h) => h.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.paid',
      'order.shipped',
      'order.delivered',
    ])
    const foreign = await server.request('GET', `/api/commerce/orders/${order.id}`, {
      tenant: server.globex.tenant,
      token: server.globex.admin.accessToken,
    })
    expect(foreign.status).toBe(404)
  })

  it('out of stock is a clean 422, and nothing stays held', async () => {
    const cart = await cartOf(50)
    const response = await server.request('POST', `/api/store/carts/${cart.id}/complete`, {
      body: {},
    })
    expect(response.status).toBe(422)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect((await json<Problem>(response)).code).toBe('INSUFFICIENT_INVENTORY')
    const reopened = await json<Cart>(await server.request('GET', `/api/store/carts/${cart.id}`))
    expect(reopened.status).toBe('open')
  })

  it("a signed-in customer sees their own orders only; a guest's order is 404 to them", async () => {
    const customer = server.acme.customer.accessToken
    // Without an e-mail on the cart, the order takes the customer's account e-mail.
    const own = await cartOf(1, customer, null)
    const placed = await server.request('POST', `/api/store/carts/${own.id}/complete`, {
      token: customer,
      body: {},
    })
    expect(placed.status).toBe(201)
    const { order } = await json<{ order: Order }>(placed)
    expect(order.email).toBe('customer@acme.test')
    const guest = await json<{ order: Order }>(
      await server.request('POST', `/api/store/carts/${(await cartOf(1)).id}/complete`, {
        body: {},
      }),
    )
    const mine = await json<{ items: Order[] }>(
      await server.request('GET', '/api/store/orders', { token: customer }),
    )
    expect(mine.items.map((o) => o.id)).toEqual([order.id])
    const theirs = await server.request('GET', `/api/store/orders/${guest.order.id}`, {
      token: customer,
    })
    expect(theirs.status).toBe(404)
    const ownRead = await server.request('GET', `/api/store/orders/${order.id}`, {
      token: customer,
    })
    expect((await json<Order>(ownRead)).id).toBe(order.id)
    // A customer cannot move an order, not even their own.
    const capture = await server.request('POST', `/api/commerce/orders/${order.id}/capture`, {
      token: customer,
    })
    expect(capture.status).toBe(403)
    // Nor complete another shopper's cart, signed in or not.
    const other = await cartOf(1, customer)
    const stranger = await server.request('POST', `/api/store/carts/${other.id}/complete`, {
      body: {},
    })
    expect(stranger.status).toBe(404)
    // A guest's cart without an e-mail cannot be checked out: the field is named.
    const anonymous = await cartOf(1, undefined, null)
    const noEmail = await server.request('POST', `/api/store/carts/${anonymous.id}/complete`, {
      body: {},
    })
    expect(noEmail.status).toBe(400)
    expect((await json<Problem>(noEmail)).errors?.map((e) => e.path)).toEqual(['body.email'])
  })
})
