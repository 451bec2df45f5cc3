import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import {
  redeemPromotion,
  releasePromotion,
  type RedeemPromotionInput,
} from './promotion-redemption'
import { cartShop, refusal, type CartShop } from './cart-test-kit.test-helper'

const admin = { userId: randomUUID() }

describe('promotions', () => {
  let t: CommerceTestDb
  let shop: CartShop
  beforeAll(async () => {
    t = await commerceTestDb()
    shop = await cartShop(t)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const redeem = (input: Omit<RedeemPromotionInput, 'tenantId' | 'currency' | 'subtotal'>) =>
    t.db.transaction().execute((trx) =>
      redeemPromotion(trx, {
        tenantId: shop.tenantId,
        currency: 'EUR',
        subtotal: 5000,
        ...input,
      }),
    )

  it('keeps the terms consistent, and codes unique per tenant', async () => {
    const { tenantId } = shop
    const created = await shop.promotions.create(
      tenantId,
      { code: 'spring-10', type: 'percentage', percent: '10.50', usageLimit: 3 },
      admin,
    )
    expect(created).toMatchObject({
      code: 'SPRING-10',
      percent: '10.5',
      usageCount: 0,
      active: true,
    })
    expect(
      await refusal(
        shop.promotions.create(
          tenantId,
          { code: 'SPRING-10', type: 'percentage', percent: '5' },
          admin,
        ),
      ),
    ).toBe('CONFLICT code: "SPRING-10" is taken')
    expect(
      await refusal(
        shop.promotions.create(tenantId, { code: 'F', type: 'fixed', amount: 100 }, admin),
      ),
    ).toBe('INVALID_INPUT currency: is required for a fixed amount')
    expect(
      await refusal(shop.promotions.create(tenantId, { code: 'P', type: 'percentage' }, admin)),
    ).toBe('INVALID_INPUT percent: is required for a percentage promotion')
    expect(
      await refusal(
        shop.promotions.create(
          tenantId,
          { code: 'M', type: 'percentage', percent: '5', minSubtotal: 10 },
          admin,
        ),
      ),
    ).toBe('INVALID_INPUT currency: is required with minSubtotal')
    expect(
      await refusal(
        shop.promotions.create(
          tenantId,
          {
            code: 'W',
            type: 'percentage',
            percent: '5',
            startsAt: '2030-01-01T00:00:00Z',
            endsAt: '2029-01-01T00:00:00Z',
          },
          admin,
        ),
      ),
    ).toBe('INVALID_INPUT endsAt: must be after startsAt')
    expect(
      await refusal(
        shop.promotions.create(
          tenantId,
          { code: 'bad code', type: 'percentage', percent: '5' },
          admin,
        ),
      ),
    ).toMatch(/^INVALID_INPUT code:/)
    const updated = await shop.promotions.update(
      { tenantId, id: created.id },
      { usageLimit: null, active: false },
      admin,
    )
    expect(updated).toMatchObject({ usageLimit: null, active: false, percent: '10.5' })
    expect(await refusal(shop.promotions.get({ tenantId: randomUUID(), id: created.id }))).toBe(
      'NOT_FOUND',
    )
    await shop.promotions.delete({ tenantId, id: created.id }, admin)
    expect(await refusal(shop.promotions.get({ tenantId, id: created.id }))).toBe('NOT_FOUND')
  })

  it('counts uses per code and per customer, refuses cleanly, and gives back on release', async () => {
    const { tenantId } = shop
    await shop.promotions.create(
      tenantId,
      { code: 'ONCE-EACH', type: 'percentage', percent: '5', usageLimit: 3, perCustomerLimit: 1 },
      admin,
    )
    const ada = randomUUID()
    const first = await redeem({
      code: 'ONCE-EACH',
      customerId: ada,
      email: null,
      reference: 'order-1',
    })
    expect(first.ok && first.redemption.promotion.usageCount).toBe(1)
    // The same reference again is the same redemption (a retried step), counted once.
    const retried = await redeem({
      code: 'ONCE-EACH',
      customerId: ada,
      email: null,
      reference: 'order-1',
    })
    expect(retried.ok && retried.redemption.id).toBe(first.ok && first.redemption.id)
    expect(
      await redeem({ code: 'ONCE-EACH', customerId: ada, email: null, reference: 'order-2' }),
    ).toEqual({
      ok: false,
      code: 'ONCE-EACH',
      reason: 'CUSTOMER_LIMIT_REACHED',
    })
    // Guests count by e-mail, whatever its case.
    expect(
      (
        await redeem({
          code: 'ONCE-EACH',
          customerId: null,
          email: 'g@example.com',
          reference: 'order-3',
        })
      ).ok,
    ).toBe(true)
    expect(
      (
        await redeem({
          code: 'ONCE-EACH',
          customerId: null,
          email: 'G@example.com',
          reference: 'order-4',
        })
      ).ok,
    ).toBe(false)
    expect(
      (
        await redeem({
          code: 'ONCE-EACH',
          customerId: randomUUID(),
          email: null,
          reference: 'order-5',
        })
      ).ok,
    ).toBe(true)
    expect(
      await redeem({
        code: 'ONCE-EACH',
        customerId: randomUUID(),
        email: null,
        reference: 'order-6',
      }),
    ).toMatchObject({
      ok: false,
      reason: 'USAGE_LIMIT_REACHED',
    })
    const released = await t.db
      .transaction()
      .execute((trx) => releasePromotion(trx, { tenantId, reference: 'order-1' }))
    expect(released).toHaveLength(1)
    // Released twice gives back once.
    expect(
      await t.db
        .transaction()
        .execute((trx) => releasePromotion(trx, { tenantId, reference: 'order-1' })),
    ).toEqual([])
    expect(
      (await redeem({ code: 'ONCE-EACH', customerId: ada, email: null, reference: 'order-7' })).ok,
    ).toBe(true)
    const [promotion] = (await shop.promotions.list(tenantId)).items.filter(
      (p) => p.code === 'ONCE-EACH',
    )
    expect(promotion?.usageCount).toBe(3)
  })

  it('checks the terms at redemption: window, currency, minimum, unknown code', async () => {
    const { tenantId } = shop
    await shop.promotions.create(
      tenantId,
      { code: 'LATER', type: 'percentage', percent: '5', startsAt: '2999-01-01T00:00:00Z' },
      admin,
    )
    await shop.promotions.create(
      tenantId,
      { code: 'BIG', type: 'fixed', amount: 100, currency: 'EUR', minSubtotal: 10_000 },
      admin,
    )
    const base = { customerId: null, email: 'x@example.com', reference: randomUUID() }
    expect(await redeem({ ...base, code: 'LATER' })).toMatchObject({ reason: 'NOT_STARTED' })
    expect(await redeem({ ...base, code: 'BIG' })).toMatchObject({ reason: 'MIN_SUBTOTAL_NOT_MET' })
    expect(
      await t.db.transaction().execute((trx) =>
        redeemPromotion(trx, {
          ...base,
          tenantId,
          code: 'BIG',
          currency: 'USD',
          subtotal: 20_000,
        }),
      ),
    ).toMatchObject({ reason: 'CURRENCY_MISMATCH' })
    expect(await redeem({ ...base, code: 'NOPE' })).toMatchObject({ reason: 'NOT_FOUND' })
    // Another tenant's code does not exist here.
    expect(
      await t.db.transaction().execute((trx) =>
        redeemPromotion(trx, {
          ...base,
          tenantId: randomUUID(),
          code: 'BIG',
          currency: 'EUR',
          subtotal: 20_000,
        }),
      ),
    ).toMatchObject({ reason: 'NOT_FOUND' })
  })

  // On PostgreSQL the transactions truly overlap (a pool); PGlite runs them one after another.
  it('never counts past a limit under parallel redemptions, and refuses the rest cleanly', async () => {
    const { tenantId } = shop
    await shop.promotions.create(
      tenantId,
      { code: 'FIRST-5', type: 'percentage', percent: '5', usageLimit: 5 },
      admin,
    )
    await shop.promotions.create(
      tenantId,
      { code: 'TWICE', type: 'percentage', percent: '5', perCustomerLimit: 2 },
      admin,
    )
    // Each redemption holds its transaction open a moment after counting, as an order write would.
    const slowRedeem = (code: string, customerId: string) =>
      t.db.transaction().execute(async (trx) => {
        const result = await redeemPromotion(trx, {
          tenantId,
          code,
          customerId,
          email: null,
          currency: 'EUR',
          subtotal: 5000,
          reference: randomUUID(),
        })
        await sql`select pg_sleep(0.01)`.execute(trx)
        return result
      })
    const total = await Promise.all(
      Array.from({ length: 30 }, () => slowRedeem('FIRST-5', randomUUID())),
    )
    expect(total.filter((r) => r.ok)).toHaveLength(5)
    expect(new Set(total.filter((r) => !r.ok).map((r) => !r.ok && r.reason))).toEqual(
      new Set(['USAGE_LIMIT_REACHED']),
    )
    const ada = randomUUID()
    const perCustomer = await Promise.all(
      Array.from({ length: 20 }, () => slowRedeem('TWICE', ada)),
    )
    expect(perCustomer.filter((r) => r.ok)).toHaveLength(2)
    const counts = await t.db
      .selectFrom('commerce_promotions as p')
      .leftJoin('commerce_promotion_usages as u', 'u.promotion_id', 'p.id')
      .select(['p.code', 'p.usage_count', 'u.count'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.code', 'in', ['FIRST-5', 'TWICE'])
      .execute()
    expect(counts.find((c) => c.code === 'FIRST-5')?.usage_count).toBe(5)
    expect(counts.find((c) => c.code === 'TWICE')).toMatchObject({ usage_count: 2, count: 2 })
  })
})
