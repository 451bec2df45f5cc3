import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutShop, type CheckoutShop } from '../checkout/checkout-test-kit.test-helper'
import { failure } from '../grouping/grouping-test-kit.test-helper'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'

const staff = { userId: randomUUID() }

describe('orders after checkout', () => {
  let t: CommerceTestDb
  let shop: CheckoutShop
  beforeAll(async () => {
    t = await commerceTestDb()
    shop = await checkoutShop(t, { stock: 100 })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  async function placed(quantity = 2) {
    const { order } = await shop.checkout.complete({
      tenantId: shop.tenantId,
      cartId: await shop.cart(quantity),
      customerId: null,
      provider: 'test',
      actor: { userId: null },
    })
    return { tenantId: shop.tenantId, id: order.id, actor: staff }
  }

  it('capture → paid (stock sold), ship with tracking → shipped, deliver → delivered', async () => {
    const before = await shop.level(shop.a)
    const order = await placed(2)
    const paid = await shop.orders.capture(order)
    expect(paid).toMatchObject({ status: 'paid', paidTotal: 2 * 1999, refundedTotal: 0 })
    expect(paid.payment?.status).toBe('captured')
    expect(paid.transactions).toMatchObject([{ kind: 'capture', amount: 3998 }])
    expect(await shop.level(shop.a)).toEqual({
      stocked: before.stocked - 2,
      reserved: before.reserved,
    })
    expect(
      await failure(shop.orders.ship(order, { carrier: 'DHL', trackingNumber: '!' })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'trackingNumber' }],
    })
    const shipped = await shop.orders.ship(order, {
      carrier: 'DHL',
      trackingNumber: 'jd 0141 0000',
    })
    expect(shipped).toMatchObject({
      status: 'shipped',
      carrier: 'dhl',
      trackingNumber: 'JD 0141 0000',
    })
    expect((await shop.orders.deliver(order)).status).toBe('delivered')
    const history = await shop.orders.history(order)
    expect(history.map((h) => h.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.paid',
      'order.shipped',
      'order.delivered',
    ])
    // A second capture is refused: the machine only pays a confirmed order.
    expect((await failure(shop.orders.capture(order))).code).toBe('INVALID_TRANSITION')
  })

  it('cancel before payment releases the stock and voids the authorisation', async () => {
    const before = await shop.level(shop.a)
    const order = await placed(3)
    expect(await shop.level(shop.a)).toEqual({ ...before, reserved: before.reserved + 3 })
    const cancelled = await shop.orders.cancel(order, { reason: 'changed my mind' })
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'changed my mind' })
    expect(cancelled.payment?.status).toBe('voided')
    expect(await shop.level(shop.a)).toEqual(before)
    const checkout = await t.db
      .selectFrom('commerce_checkouts')
      .select('id')
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow()
    expect(shop.provider.authorizations().find((a) => a.key === checkout.id)?.state).toBe('voided')
    expect(
      (await failure(shop.orders.ship(order, { carrier: 'dhl', trackingNumber: 'AB12' }))).code,
    ).toBe('INVALID_TRANSITION')
  })

  it('after payment, cancel only with a refund of everything left; refunds never exceed the capture', async () => {
    const order = await placed(1)
    await shop.orders.capture(order)
    expect(await failure(shop.orders.cancel(order, {}))).toMatchObject({
      code: 'INVALID_TRANSITION',
      errors: [{ path: 'refund' }],
    })
    await shop.orders.refund({ ...order, key: 'r1' }, { amount: 500 })
    // The same key again is the same refund, not a second one.
    await shop.orders.refund({ ...order, key: 'r1' }, { amount: 500 })
    expect(
      await failure(shop.orders.refund({ ...order, key: 'r2' }, { amount: 1500 })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'amount', message: 'at most 1499' }],
    })
    const cancelled = await shop.orders.cancel(order, { refund: true, reason: 'damaged' })
    expect(cancelled).toMatchObject({ status: 'cancelled', paidTotal: 1999, refundedTotal: 1999 })
    expect(cancelled.transactions.map((tx) => [tx.kind, tx.amount])).toEqual([
      ['capture', 1999],
      ['refund', 500],
      ['refund', 1499],
    ])
    const history = await shop.orders.history(order)
    expect(history.map((h) => h.type).slice(-3)).toEqual([
      'order.refunded',
      'order.refunded',
      'order.cancelled',
    ])
  })

  it('a provider failure on capture changes nothing; the retry captures once', async () => {
    const order = await placed(1)
    shop.provider.script('capture', 'error')
    expect((await failure(shop.orders.capture(order))).code).toBe('PAYMENT_FAILED')
    expect((await shop.orders.get(order)).status).toBe('confirmed')
    expect((await shop.orders.capture(order)).paidTotal).toBe(1999)
  })

  it("lists the tenant's orders with filters and cursors; another tenant's id is not found", async () => {
    const page = await shop.orders.list({ tenantId: shop.tenantId }, { limit: 2 })
    expect(page.items).toHaveLength(2)
    const next = await shop.orders.list(
      { tenantId: shop.tenantId },
      { limit: 2, after: page.next ?? undefined },
    )
    expect((next.items[0]?.createdAt ?? '') <= (page.items[1]?.createdAt ?? '')).toBe(true)
    const cancelled = await shop.orders.list({ tenantId: shop.tenantId }, { status: 'cancelled' })
    expect(cancelled.items.every((o) => o.status === 'cancelled')).toBe(true)
    expect(cancelled.items.length).toBeGreaterThanOrEqual(2)
    const any = page.items[0]?.id ?? ''
    expect((await failure(shop.orders.get({ tenantId: randomUUID(), id: any }))).code).toBe(
      'NOT_FOUND',
    )
    expect(
      (await failure(shop.orders.capture({ tenantId: randomUUID(), id: any, actor: staff }))).code,
    ).toBe('NOT_FOUND')
    expect(
      await failure(shop.orders.list({ tenantId: shop.tenantId }, { status: 'lost' as never })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'status' }],
    })
  })
})
