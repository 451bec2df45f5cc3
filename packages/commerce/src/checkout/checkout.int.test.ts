import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure } from '../grouping/grouping-test-kit.test-helper'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { checkoutShop } from './checkout-test-kit.test-helper'

const guest = { userId: null }

describe('checkout saga', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const checkoutRow = (id: string) =>
    t.db.selectFrom('commerce_checkouts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('completes a cart: stock held, payment authorised, order placed and confirmed, cart done', async () => {
    const shop = await checkoutShop(t)
    const cartId = await shop.cart(3)
    const { checkoutId, order } = await shop.checkout.complete({
      tenantId: shop.tenantId,
      cartId,
      customerId: null,
      provider: 'test',
      actor: guest,
    })
    expect(order).toMatchObject({
      status: 'confirmed',
      number: '1001',
      email: 'buyer@example.com',
      currency: 'EUR',
      subtotal: 3 * 1999,
      total: 3 * 1999,
      paidTotal: 0,
      payment: { provider: 'test', status: 'authorized', amount: 3 * 1999 },
    })
    expect(order.lines).toMatchObject([{ variantId: shop.a, quantity: 3, unitPrice: 1999 }])
    expect(await shop.level(shop.a)).toEqual({ stocked: 10, reserved: 3 })
    expect(shop.provider.authorizations()).toMatchObject([
      { key: checkoutId, amount: 5997, state: 'authorized' },
    ])
    const cart = await shop.carts.get({ tenantId: shop.tenantId, cartId, customerId: null })
    expect(cart).toMatchObject({ status: 'completed', orderId: order.id })
    expect((await checkoutRow(checkoutId)).step).toBe('completed')
    const types = (await t.events(shop.tenantId)).map((e) => e.type)
    expect(types.slice(types.indexOf('checkout.started'))).toEqual([
      'checkout.started',
      'reservation.created',
      'cart.completed',
      'order.placed',
      'order.confirmed',
    ])
    const history = await shop.orders.history({ tenantId: shop.tenantId, id: order.id })
    expect(history.map((h) => h.type)).toEqual(['order.placed', 'order.confirmed'])
    // The next order of the tenant takes the next number.
    const second = await shop.checkout.complete({
      tenantId: shop.tenantId,
      cartId: await shop.cart(1),
      customerId: null,
      actor: guest,
    })
    expect(second.order).toMatchObject({ number: '1002', payment: { provider: 'manual' } })
  })

  it('out of stock: fails with nothing held and no payment asked for', async () => {
    const shop = await checkoutShop(t, { stock: 2 })
    const cartId = await shop.cart(3)
    const result = await failure(
      shop.checkout.complete({
        tenantId: shop.tenantId,
        cartId,
        customerId: null,
        provider: 'test',
        actor: guest,
      }),
    )
    expect(result.code).toBe('INSUFFICIENT_INVENTORY')
    expect(shop.provider.calls.authorize).toBe(0)
    expect(await shop.level(shop.a)).toEqual({ stocked: 2, reserved: 0 })
    const cart = await shop.carts.get({ tenantId: shop.tenantId, cartId, customerId: null })
    expect(cart.status).toBe('open')
  })

  it('declined: the reservations are released and the cart can be checked out again', async () => {
    const shop = await checkoutShop(t)
    const cartId = await shop.cart(2)
    shop.provider.script('authorize', 'decline')
    const command = {
      tenantId: shop.tenantId,
      cartId,
      customerId: null,
      provider: 'test',
      actor: guest,
    }
    expect((await failure(shop.checkout.complete(command))).code).toBe('PAYMENT_DECLINED')
    expect(await shop.level(shop.a)).toEqual({ stocked: 10, reserved: 0 })
    const events = (await t.events(shop.tenantId)).map((e) => e.type)
    expect(events).toContain('reservation.released')
    expect(events.at(-1)).toBe('checkout.failed')
    const { order } = await shop.checkout.complete(command)
    expect(order.status).toBe('confirmed')
    expect(await shop.level(shop.a)).toEqual({ stocked: 10, reserved: 2 })
  })

  it('a provider that times out after authorising: the authorisation is voided, the stock released', async () => {
    const shop = await checkoutShop(t, { providerTimeoutMs: 100 })
    const cartId = await shop.cart(1)
    shop.provider.script('authorize', 'timeout')
    const result = await failure(
      shop.checkout.complete({
        tenantId: shop.tenantId,
        cartId,
        customerId: null,
        provider: 'test',
        actor: guest,
      }),
    )
    expect(result.code).toBe('PAYMENT_FAILED')
    expect(shop.provider.authorizations()).toMatchObject([{ state: 'voided' }])
    expect(await shop.level(shop.a)).toEqual({ stocked: 10, reserved: 0 })
  })

  it('an Idempotency-Key never completes two checkouts, even while the first is running', async () => {
    const shop = await checkoutShop(t)
    const cartId = await shop.cart(1)
    const command = {
      tenantId: shop.tenantId,
      cartId,
      customerId: null,
      provider: 'test',
      idempotencyKey: randomUUID(),
      actor: guest,
    }
    const results = await Promise.all([1, 2, 3].map(() => shop.checkout.complete(command)))
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1)
    expect(shop.provider.calls.authorize).toBe(1)
    const again = await shop.checkout.complete(command)
    expect(again.order.id).toBe(results[0]?.order.id)
    const other = await shop.cart(1)
    expect(await failure(shop.checkout.complete({ ...command, cartId: other }))).toMatchObject({
      code: 'CONFLICT',
      errors: [{ path: 'Idempotency-Key' }],
    })
    // Without a key, completing the cart again answers its order, and places none.
    const repeat = await shop.checkout.complete({ ...command, idempotencyKey: undefined })
    expect(repeat.order.id).toBe(results[0]?.order.id)
    const orders = await shop.orders.list({ tenantId: shop.tenantId })
    expect(orders.items).toHaveLength(1)
  })

  it('a checkout whose driver died is finished by the recovery, exactly once', async () => {
    const shop = await checkoutShop(t, { providerTimeoutMs: 60_000 })
    const cartId = await shop.cart(1)
    // The first driver's authorisation call hangs (the provider does it, the answer is late):
    // as if the process had died there.
    shop.provider.script('authorize', 'timeout')
    const first = shop.checkout.complete({
      tenantId: shop.tenantId,
      cartId,
      customerId: null,
      provider: 'test',
      actor: guest,
    })
    await expect.poll(() => shop.provider.calls.authorize).toBe(1)
    const later = shop.checkoutWith({ now: () => new Date(Date.now() + 60_000) })
    expect(await later.recover()).toBeGreaterThanOrEqual(1)
    const orders = await shop.orders.list({ tenantId: shop.tenantId })
    expect(orders.items).toHaveLength(1)
    // The late first driver finds the checkout finished by another and answers its order.
    const { order } = await first
    expect(order.id).toBe(orders.items[0]?.id)
    expect(shop.provider.authorizations()).toHaveLength(1)
    expect(await shop.level(shop.a)).toEqual({ stocked: 10, reserved: 1 })
  })

  it("a customer's cart is theirs; a foreign tenant's cart is not found", async () => {
    const shop = await checkoutShop(t)
    const customerId = randomUUID()
    const cart = await shop.carts.create(
      { tenantId: shop.tenantId, customerId },
      { regionId: shop.eu.id, email: 'c@example.com', lines: [{ variantId: shop.a, quantity: 1 }] },
      { userId: customerId },
    )
    const command = { tenantId: shop.tenantId, cartId: cart.id, actor: guest }
    expect(
      (await failure(shop.checkout.complete({ ...command, customerId: randomUUID() }))).code,
    ).toBe('NOT_FOUND')
    expect(
      (await failure(shop.checkout.complete({ ...command, tenantId: randomUUID(), customerId })))
        .code,
    ).toBe('NOT_FOUND')
    const { order } = await shop.checkout.complete({ ...command, customerId })
    expect(order.customerId).toBe(customerId)
    const own = await shop.orders.list({ tenantId: shop.tenantId, customerId })
    expect(own.items.map((o) => o.id)).toEqual([order.id])
    expect(
      (await shop.orders.list({ tenantId: shop.tenantId, customerId: randomUUID() })).items,
    ).toEqual([])
    expect(
      (
        await failure(
          shop.orders.get({ tenantId: shop.tenantId, id: order.id, customerId: randomUUID() }),
        )
      ).code,
    ).toBe('NOT_FOUND')
  })
})
