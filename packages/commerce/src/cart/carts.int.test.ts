import { randomUUID } from 'node:crypto'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { loadCartForCheckout, markCartCompleted } from './cart-checkout'
import { createCartService } from './cart-service'
import { actor, cartShop, refusal, type CartShop } from './cart-test-kit.test-helper'

describe('carts', () => {
  let t: CommerceTestDb
  let shop: CartShop
  beforeAll(async () => {
    t = await commerceTestDb()
    shop = await cartShop(t)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const guest = (cartId: string) => ({ tenantId: shop.tenantId, cartId, customerId: null })

  it('prices lines from the resolver and totals them with the tax included (EU)', async () => {
    const cart = await shop.carts.create(
      { tenantId: shop.tenantId, customerId: null },
      {
        regionId: shop.eu.id,
        email: 'Guest@Example.com',
        lines: [{ variantId: shop.a, quantity: 2 }],
      },
      actor,
    )
    expect(cart).toMatchObject({ currency: 'EUR', email: 'guest@example.com', customerId: null })
    // A guest's cart id is a random (v4) UUID: the id is what holds it.
    expect(cart.id[14]).toBe('4')
    const more = await shop.carts.addLine(guest(cart.id), { variantId: shop.b, quantity: 1 }, actor)
    const again = await shop.carts.addLine(
      guest(cart.id),
      { variantId: shop.b, quantity: 1 },
      actor,
    )
    expect(more.lines).toHaveLength(2)
    expect(again.lines.map((l) => [l.unitPrice, l.quantity, l.subtotal])).toEqual([
      [1999, 2, 3998],
      [500, 2, 1000],
    ])
    // 3998 − 3998/1.2 = 666.33 → 666; 1000 − 833.33 → 167
    expect(again.totals).toEqual({
      subtotal: 4998,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 833,
      taxIncluded: true,
      total: 4998,
    })
    const fewer = await shop.carts.updateLine(
      { ...guest(cart.id), lineId: again.lines[1]?.id ?? '' },
      { quantity: 1 },
      actor,
    )
    expect(fewer.totals.subtotal).toBe(4498)
    const removed = await shop.carts.removeLine(
      { ...guest(cart.id), lineId: again.lines[1]?.id ?? '' },
      actor,
    )
    expect(removed.lines.map((l) => l.variantId)).toEqual([shop.a])
  })

  it('re-resolves prices when the cart changes: tiers by quantity, a price change', async () => {
    const admin = { userId: randomUUID() }
    const { tenantId } = shop
    const tier = await t
      .pricing()
      .prices.add(
        { tenantId, variantId: shop.b },
        { currency: 'EUR', amount: 400, minQuantity: 5 },
        admin,
      )
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id, lines: [{ variantId: shop.b, quantity: 4 }] },
      actor,
    )
    expect(cart.lines[0]?.unitPrice).toBe(500)
    const five = await shop.carts.addLine(guest(cart.id), { variantId: shop.b, quantity: 1 }, actor)
    expect(five.lines[0]).toMatchObject({ quantity: 5, unitPrice: 400, subtotal: 2000 })
    await t.pricing().prices.update({ tenantId, id: tier.id }, { amount: 350 }, admin)
    // A read shows the snapshot; the next change re-prices.
    expect((await shop.carts.get(guest(cart.id))).lines[0]?.unitPrice).toBe(400)
    const changed = await shop.carts.update(guest(cart.id), { email: 'x@example.com' }, actor)
    expect(changed.lines[0]?.unitPrice).toBe(350)
    await t.pricing().prices.delete({ tenantId, id: tier.id }, admin)
  })

  it('takes a sale price list that is active now, and reads a cart in three statements', async () => {
    const { tenantId } = shop
    const admin = { userId: randomUUID() }
    const sale = await t
      .pricing()
      .priceLists.create(
        tenantId,
        { name: 'Sale', type: 'sale', status: 'active', startsAt: '2020-01-01T00:00:00Z' },
        admin,
      )
    const salePrice = await t
      .pricing()
      .prices.add(
        { tenantId, variantId: shop.a },
        { currency: 'EUR', amount: 1499, priceListId: sale.id },
        admin,
      )
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id, lines: [{ variantId: shop.a, quantity: 1 }] },
      actor,
    )
    expect(cart.lines[0]).toMatchObject({ unitPrice: 1499, compareAt: 1999, priceSource: 'sale' })
    await shop.carts.addLine(guest(cart.id), { variantId: shop.b, quantity: 3 }, actor)
    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const carts = createCartService({
      db: t.db.withPlugin(counting),
      events: { publishInTx: () => Promise.resolve() },
    })
    expect((await carts.get(guest(cart.id))).lines).toHaveLength(2)
    expect(statements).toBe(3)
    await t.pricing().prices.delete({ tenantId, id: salePrice.id }, admin)
  })

  // On PostgreSQL the requests truly overlap; each change holds the cart's row lock.
  it('counts every one of 20 parallel adds of one variant to one cart', async () => {
    const { tenantId } = shop
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id },
      actor,
    )
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        shop.carts.addLine(guest(cart.id), { variantId: shop.b, quantity: 1 }, actor),
      ),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const lines = (await shop.carts.get(guest(cart.id))).lines
    expect(lines.map((l) => l.quantity)).toEqual([20])
  })

  it('moves to another region: re-priced in its currency, tax added, shipping option dropped', async () => {
    const { tenantId } = shop
    const standard = await shop.shipping.create(
      tenantId,
      { regionId: shop.eu.id, name: 'Standard', amount: 490 },
      { userId: null },
    )
    const usShipping = await shop.shipping.create(
      tenantId,
      { regionId: shop.us.id, name: 'Ground', amount: 1000 },
      { userId: null },
    )
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id, lines: [{ variantId: shop.a, quantity: 1 }] },
      actor,
    )
    expect(
      await refusal(
        shop.carts.selectShipping(guest(cart.id), { shippingOptionId: usShipping.id }, actor),
      ),
    ).toBe("INVALID_INPUT shippingOptionId: is not a shipping option of the cart's region")
    const shipped = await shop.carts.selectShipping(
      guest(cart.id),
      { shippingOptionId: standard.id },
      actor,
    )
    // 1999 + 490; tax 333 + 82
    expect(shipped.totals).toMatchObject({ shippingTotal: 490, taxTotal: 415, total: 2489 })
    const moved = await shop.carts.update(guest(cart.id), { regionId: shop.us.id }, actor)
    expect(moved).toMatchObject({ currency: 'USD', shippingOption: null, taxIncluded: false })
    // 1500 × 8.875% = 133.125 → 133, added
    expect(moved.totals).toMatchObject({ subtotal: 1500, taxTotal: 133, total: 1633 })
    // b has no USD price: adding it is refused, and a cart holding it cannot move to the US.
    expect(
      await refusal(shop.carts.addLine(guest(cart.id), { variantId: shop.b, quantity: 1 }, actor)),
    ).toBe("INVALID_INPUT variantId: has no price in the cart's region")
    await shop.carts.update(guest(cart.id), { regionId: shop.eu.id }, actor)
    await shop.carts.addLine(guest(cart.id), { variantId: shop.b, quantity: 1 }, actor)
    expect(await refusal(shop.carts.update(guest(cart.id), { regionId: shop.us.id }, actor))).toBe(
      "INVALID_INPUT regionId: has no price for 1 of the cart's lines",
    )
  })

  it('lets a shipping option, a code or a region go: carts lose the option and the code, or go with the region', async () => {
    const admin = { userId: randomUUID() }
    const { tenantId } = shop
    const pricing = t.pricing()
    const region = await pricing.regions.create(tenantId, { name: 'Gone', currency: 'EUR' }, admin)
    const option = await shop.shipping.create(
      tenantId,
      { regionId: region.id, name: 'Post', amount: 300 },
      admin,
    )
    const promotion = await shop.promotions.create(
      tenantId,
      { code: 'SHORT-LIVED', type: 'percentage', percent: '5' },
      admin,
    )
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: region.id, lines: [{ variantId: shop.a, quantity: 1 }] },
      actor,
    )
    await shop.carts.selectShipping(guest(cart.id), { shippingOptionId: option.id }, actor)
    await shop.carts.addCode(guest(cart.id), { code: 'SHORT-LIVED' }, actor)
    await shop.shipping.delete({ tenantId, id: option.id }, admin)
    await shop.promotions.delete({ tenantId, id: promotion.id }, admin)
    const after = await shop.carts.get(guest(cart.id))
    expect([after.shippingOption, after.promotions, after.totals.total]).toEqual([null, [], 1999])
    await pricing.regions.delete({ tenantId, id: region.id }, admin)
    expect(await refusal(shop.carts.get(guest(cart.id)))).toBe('NOT_FOUND')
  })

  it('refuses what is not for sale or not of the shop', async () => {
    const { tenantId } = shop
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id },
      actor,
    )
    expect(
      await refusal(
        shop.carts.addLine(guest(cart.id), { variantId: shop.draft, quantity: 1 }, actor),
      ),
    ).toBe('INVALID_INPUT variantId: is not for sale')
    expect(
      await refusal(
        shop.carts.addLine(guest(cart.id), { variantId: randomUUID(), quantity: 1 }, actor),
      ),
    ).toBe('INVALID_INPUT variantId: is not a variant of this shop')
    expect(
      await refusal(shop.carts.addLine(guest(cart.id), { variantId: shop.a, quantity: 0 }, actor)),
    ).toBe('INVALID_INPUT quantity: must be ≥ 1')
    expect(
      await refusal(
        shop.carts.create(
          { tenantId, customerId: null },
          { regionId: shop.eu.id, lines: [{ variantId: shop.draft, quantity: 1 }] },
          actor,
        ),
      ),
    ).toBe('INVALID_INPUT lines.0.variantId: is not for sale')
    expect(
      await refusal(
        shop.carts.create({ tenantId, customerId: null }, { regionId: randomUUID() }, actor),
      ),
    ).toBe('INVALID_INPUT regionId: is not a region of this shop')
  })

  it("keeps a customer's cart to that customer; another tenant's cart is not found", async () => {
    const { tenantId } = shop
    const ada = randomUUID()
    const cart = await shop.carts.create(
      { tenantId, customerId: ada },
      { regionId: shop.eu.id },
      { userId: ada },
    )
    expect(cart.customerId).toBe(ada)
    expect((await shop.carts.get({ tenantId, cartId: cart.id, customerId: ada })).id).toBe(cart.id)
    for (const customerId of [null, randomUUID()])
      expect(await refusal(shop.carts.get({ tenantId, cartId: cart.id, customerId }))).toBe(
        'NOT_FOUND',
      )
    expect(
      await refusal(
        shop.carts.addLine(
          { tenantId, cartId: cart.id, customerId: null },
          { variantId: shop.a, quantity: 1 },
          actor,
        ),
      ),
    ).toBe('NOT_FOUND')
    expect(
      await refusal(shop.carts.get({ tenantId: randomUUID(), cartId: cart.id, customerId: ada })),
    ).toBe('NOT_FOUND')
    // A guest's cart is anyone's who holds its id, signed in or not.
    const guestCart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id },
      actor,
    )
    expect((await shop.carts.get({ tenantId, cartId: guestCart.id, customerId: ada })).id).toBe(
      guestCart.id,
    )
  })

  it('applies discount codes by their terms, and lists the ones that stopped applying', async () => {
    const { tenantId } = shop
    const admin = { userId: randomUUID() }
    await shop.promotions.create(
      tenantId,
      { code: 'ten', type: 'percentage', percent: '10' },
      admin,
    )
    await shop.promotions.create(
      tenantId,
      { code: 'FIVER', type: 'fixed', amount: 500, currency: 'EUR', minSubtotal: 3000 },
      admin,
    )
    await shop.promotions.create(
      tenantId,
      { code: 'USONLY', type: 'fixed', amount: 100, currency: 'USD' },
      admin,
    )
    await shop.promotions.create(
      tenantId,
      { code: 'OLD', type: 'percentage', percent: '5', endsAt: '2020-01-01T00:00:00Z' },
      admin,
    )
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id, lines: [{ variantId: shop.a, quantity: 1 }] },
      actor,
    )
    const ten = await shop.carts.addCode(guest(cart.id), { code: ' ten ' }, actor)
    // 10% of 1999 = 199.9 → 200
    expect(ten.totals).toMatchObject({ subtotal: 1999, discountTotal: 200, total: 1799 })
    expect(ten.promotions).toMatchObject([{ code: 'TEN', discount: 200, refusal: null }])
    expect(await refusal(shop.carts.addCode(guest(cart.id), { code: 'FIVER' }, actor))).toBe(
      'PROMOTION_NOT_APPLICABLE code: MIN_SUBTOTAL_NOT_MET',
    )
    expect(await refusal(shop.carts.addCode(guest(cart.id), { code: 'USONLY' }, actor))).toBe(
      'PROMOTION_NOT_APPLICABLE code: CURRENCY_MISMATCH',
    )
    expect(await refusal(shop.carts.addCode(guest(cart.id), { code: 'OLD' }, actor))).toBe(
      'PROMOTION_NOT_APPLICABLE code: EXPIRED',
    )
    expect(await refusal(shop.carts.addCode(guest(cart.id), { code: 'NOPE' }, actor))).toBe(
      'PROMOTION_NOT_APPLICABLE code: NOT_FOUND',
    )
    await shop.carts.addLine(guest(cart.id), { variantId: shop.a, quantity: 1 }, actor)
    const both = await shop.carts.addCode(guest(cart.id), { code: 'fiver' }, actor)
    // 3998: 10% = 399.8 → 400, then 500 off the 3598 left
    expect(both.totals).toMatchObject({ subtotal: 3998, discountTotal: 900, total: 3098 })
    expect(both.lines[0]?.discount).toBe(900)
    // Below the minimum again, FIVER stays on the cart but takes nothing off.
    const lower = await shop.carts.updateLine(
      { ...guest(cart.id), lineId: both.lines[0]?.id ?? '' },
      { quantity: 1 },
      actor,
    )
    expect(lower.promotions.map((p) => [p.code, p.discount, p.refusal])).toEqual([
      ['TEN', 200, null],
      ['FIVER', 0, 'MIN_SUBTOTAL_NOT_MET'],
    ])
    const without = await shop.carts.removeCode({ ...guest(cart.id), code: 'ten' }, actor)
    expect(without.promotions.map((p) => p.code)).toEqual(['FIVER'])
    expect(await refusal(shop.carts.removeCode({ ...guest(cart.id), code: 'TEN' }, actor))).toBe(
      'NOT_FOUND',
    )
  })

  it('hands the checkout a locked, re-priced cart, and completes it once', async () => {
    const { tenantId } = shop
    const empty = await shop.carts.create(
      { tenantId, customerId: null },
      { regionId: shop.eu.id },
      actor,
    )
    const notReady = await refusal(
      t.db.transaction().execute((trx) => loadCartForCheckout(trx, { tenantId, cartId: empty.id })),
    )
    expect(notReady).toBe('INVALID_INPUT lines: the cart is empty')
    const cart = await shop.carts.create(
      { tenantId, customerId: null },
      {
        regionId: shop.eu.id,
        email: 'buyer@example.com',
        lines: [{ variantId: shop.a, quantity: 1 }],
      },
      actor,
    )
    await shop.carts.addCode(guest(cart.id), { code: 'TEN' }, actor)
    const orderId = randomUUID()
    const [first, second] = await t.db.transaction().execute(async (trx) => {
      const checkout = await loadCartForCheckout(trx, { tenantId, cartId: cart.id })
      expect(checkout).toMatchObject({
        email: 'buyer@example.com',
        currency: 'EUR',
        promotionCodes: ['TEN'],
      })
      expect(checkout.totals.total).toBe(1799)
      return [
        await markCartCompleted(trx, { tenantId, cartId: cart.id, orderId }),
        await markCartCompleted(trx, { tenantId, cartId: cart.id, orderId: randomUUID() }),
      ]
    })
    expect([first, second]).toEqual([true, false])
    const done = await shop.carts.get(guest(cart.id))
    expect(done).toMatchObject({ status: 'completed', orderId })
    expect(
      await refusal(shop.carts.addLine(guest(cart.id), { variantId: shop.a, quantity: 1 }, actor)),
    ).toBe('INVALID_TRANSITION')
    expect(
      await refusal(
        t.db
          .transaction()
          .execute((trx) => loadCartForCheckout(trx, { tenantId, cartId: cart.id })),
      ),
    ).toBe('INVALID_TRANSITION')
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types).toContain('cart.created')
    expect(types).toContain('cart.updated')
  })
})
