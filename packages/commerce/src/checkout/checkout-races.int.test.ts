import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { checkoutShop } from './checkout-test-kit.test-helper'

// Truly parallel requests need PostgreSQL (a pool of connections); PGlite serialises them.
const postgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== ''
if (!postgres)
  console.info(
    '[commerce] checkout race tests skipped: they need PostgreSQL (set TEST_DATABASE_URL)',
  )

const outcomeOf = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'fulfilled'
    ? 'ok'
    : isCommerceError(result.reason)
      ? result.reason.code
      : `untyped ${String((result.reason as { code?: string }).code ?? result.reason)}`

const count = (outcomes: readonly string[]) =>
  Object.fromEntries([...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length]))

describe.runIf(postgres)('checkouts racing on PostgreSQL', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('1,000 concurrent checkouts of a variant with 10 units: 10 orders, 990 clean refusals, nothing left held', async () => {
    const shop = await checkoutShop(t, { stock: 10 })
    const carts: string[] = []
    for (let batch = 0; batch < 20; batch++)
      carts.push(...(await Promise.all(Array.from({ length: 50 }, () => shop.cart(1)))))
    const results = await Promise.allSettled(
      carts.map((cartId) =>
        shop.checkout.complete({
          tenantId: shop.tenantId,
          cartId,
          customerId: null,
          provider: 'test',
          actor: { userId: null },
        }),
      ),
    )
    expect(count(results.map(outcomeOf))).toEqual({ ok: 10, INSUFFICIENT_INVENTORY: 990 })
    const orders = await t.db
      .selectFrom('commerce_orders')
      .select('id')
      .where('tenant_id', '=', shop.tenantId)
      .execute()
    expect(orders).toHaveLength(10)
    // Held: exactly the ten orders' units, each by an active reservation of an order line.
    expect(await shop.level(shop.a)).toEqual({ stocked: 10, reserved: 10 })
    const active = await t.db
      .selectFrom('commerce_reservations')
      .select('id')
      .where('tenant_id', '=', shop.tenantId)
      .where('status', '=', 'active')
      .execute()
    const lines = await t.db
      .selectFrom('commerce_order_lines')
      .select('reservation_id')
      .where('tenant_id', '=', shop.tenantId)
      .execute()
    expect(active.map((r) => r.id).sort()).toEqual(lines.map((l) => l.reservation_id).sort())
    const unfinished = await t.db
      .selectFrom('commerce_checkouts')
      .select('id')
      .where('tenant_id', '=', shop.tenantId)
      .where('step', 'not in', ['completed', 'failed'])
      .execute()
    expect(unfinished).toEqual([])
  }, 300_000)

  it('a capture racing a cancel of the same order: one wins, the other is a 409, the money agrees', async () => {
    const shop = await checkoutShop(t, { stock: 100 })
    const staff = { userId: randomUUID() }
    const outcomes = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const { checkoutId, order } = await shop.checkout.complete({
          tenantId: shop.tenantId,
          cartId: await shop.cart(1),
          customerId: null,
          provider: 'test',
          actor: { userId: null },
        })
        const command = { tenantId: shop.tenantId, id: order.id, actor: staff }
        const [capture, cancel] = await Promise.allSettled([
          shop.orders.capture(command),
          shop.orders.cancel(command, {}),
        ])
        const stored = await shop.orders.get(command)
        const held = shop.provider.authorizations().find((a) => a.key === checkoutId)
        return [
          outcomeOf(capture),
          outcomeOf(cancel),
          stored.status,
          held?.state,
          stored.paidTotal,
        ].join(' ')
      }),
    )
    for (const outcome of outcomes)
      expect([
        'ok INVALID_TRANSITION paid captured 1999',
        'INVALID_TRANSITION ok cancelled voided 0',
      ]).toContain(outcome)
  }, 120_000)
})
