import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'

const actor = { userId: randomUUID() }
const later = () => new Date(Date.now() + 3_600_000)

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isCommerceError(error)) return error.code
    throw error
  }
  return 'ok'
}

describe('inventory', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
    console.info(`[commerce] inventory on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  /** A tenant with one product (one variant) and one stock location. */
  async function stocked(options: { stocked?: number; allowBackorder?: boolean } = {}) {
    const tenantId = randomUUID()
    const product = await t.products().create(
      tenantId,
      {
        translations: [{ locale: 'en', title: `Item ${randomUUID()}` }],
        variants: [{ allowBackorder: options.allowBackorder ?? false }],
      },
      actor,
    )
    const inventory = t.inventory()
    const { id: locationId } = await inventory.createLocation(tenantId, { name: 'Warehouse' })
    const ref = { tenantId, variantId: product.variants[0]?.id ?? '', locationId }
    if (options.stocked) await inventory.adjust(ref, { delta: options.stocked }, actor)
    return { tenantId, ref, inventory, productId: product.id }
  }

  it('adjusts, sets (as the difference) and transfers, every change in the ledger', async () => {
    const { tenantId, ref, inventory } = await stocked({ stocked: 20 })
    expect((await inventory.adjust(ref, { delta: -5, reason: 'damaged' }, actor)).stocked).toBe(15)
    expect((await inventory.set(ref, { stocked: 12, reason: 'count' }, actor)).stocked).toBe(12)
    expect(await code(inventory.adjust(ref, { delta: -13 }, actor))).toBe('INSUFFICIENT_INVENTORY')
    const { id: shop } = await inventory.createLocation(tenantId, { name: 'Shop' })
    const moved = await inventory.transfer(
      { tenantId, variantId: ref.variantId, from: ref.locationId, to: shop },
      { quantity: 4 },
      actor,
    )
    expect([moved.from.stocked, moved.to.stocked]).toEqual([8, 4])
    expect(
      await code(
        inventory.transfer(
          { tenantId, variantId: ref.variantId, from: shop, to: ref.locationId },
          { quantity: 5 },
          actor,
        ),
      ),
    ).toBe('INSUFFICIENT_INVENTORY')
    expect((await inventory.level({ ...ref, locationId: shop })).stocked).toBe(4)
    expect(await inventory.drift(tenantId)).toEqual([])
    const { rows } = await sql<{ kind: string; stocked_delta: number }>`
      select kind, stocked_delta from commerce_inventory_movements
      where tenant_id = ${tenantId} and location_id = ${ref.locationId} order by created_at, id`.execute(
      t.db,
    )
    expect(rows.map((r) => [r.kind, r.stocked_delta])).toEqual([
      ['adjust', 20],
      ['adjust', -5],
      ['set', -3],
      ['transfer', -4],
    ])
  })

  it('emits inventory.updated, and inventory.low once when availability reaches the threshold', async () => {
    const { tenantId, ref, inventory } = await stocked({ stocked: 7 })
    await inventory.adjust(ref, { delta: -1 }, actor) // 6: above the threshold of 5
    await inventory.adjust(ref, { delta: -1 }, actor) // 5: at it → low
    await inventory.adjust(ref, { delta: -1 }, actor) // 4: already low, no repeat
    const events = (await t.events(tenantId)).filter((e) => e.type.startsWith('inventory.'))
    expect(events.map((e) => e.type)).toEqual([
      'inventory.updated',
      'inventory.updated',
      'inventory.updated',
      'inventory.low',
      'inventory.updated',
    ])
    expect(events[3]?.payload).toMatchObject({ remaining: 5, threshold: 5 })
  })

  it('reserves, releases, converts to a sale; an ended reservation cannot end twice', async () => {
    const { tenantId, ref, inventory } = await stocked({ stocked: 5 })
    const cart = await inventory.reserve(
      ref,
      { quantity: 3, reference: 'cart:1', expiresAt: later() },
      actor,
    )
    expect(
      await code(
        inventory.reserve(ref, { quantity: 3, reference: 'cart:2', expiresAt: later() }, actor),
      ),
    ).toBe('INSUFFICIENT_INVENTORY')
    expect((await inventory.level(ref)).available).toBe(2)
    await inventory.release({ tenantId, id: cart.id }, actor)
    expect(await code(inventory.release({ tenantId, id: cart.id }, actor))).toBe(
      'INVALID_TRANSITION',
    )
    const order = await inventory.reserve(
      ref,
      { quantity: 4, reference: 'order:1', expiresAt: later() },
      actor,
    )
    await inventory.convert({ tenantId, id: order.id }, actor)
    expect(await inventory.level(ref)).toMatchObject({ stocked: 1, reserved: 0, available: 1 })
    expect(await inventory.drift(tenantId)).toEqual([])
    const types = (await t.events(tenantId))
      .map((e) => e.type)
      .filter((type) => type.startsWith('reservation.'))
    expect(types).toEqual([
      'reservation.created',
      'reservation.released',
      'reservation.created',
      'reservation.converted',
    ])
  })

  it('lets a backorder variant reserve beyond its stock, and a sale never drives stock below zero', async () => {
    const { tenantId, ref, inventory } = await stocked({ stocked: 1, allowBackorder: true })
    const r = await inventory.reserve(
      ref,
      { quantity: 3, reference: 'order:9', expiresAt: later() },
      actor,
    )
    expect((await inventory.level(ref)).available).toBe(-2)
    await inventory.convert({ tenantId, id: r.id }, actor)
    expect(await inventory.level(ref)).toMatchObject({ stocked: 0, reserved: 0 })
    expect(await inventory.drift(tenantId)).toEqual([])
  })

  it('expires due reservations exactly once with two sweepers', async () => {
    const { tenantId, ref } = await stocked({ stocked: 50 })
    let clock = new Date()
    const inventory = t.inventory({ now: () => clock })
    for (let i = 0; i < 30; i++)
      await inventory.reserve(
        ref,
        { quantity: 1, reference: `cart:${i}`, expiresAt: new Date(clock.getTime() + 60_000) },
        actor,
      )
    clock = new Date(clock.getTime() + 120_000)
    const sweep = async () => {
      let total = 0
      for (let n = -1; n !== 0; total += n)
        n = await t.inventory({ now: () => clock }).expireDue({ batch: 4 })
      return total
    }
    const [a, b] = await Promise.all([sweep(), sweep()])
    expect(a + b).toBe(30)
    expect(await inventory.level(ref)).toMatchObject({ reserved: 0, available: 50 })
    const expired = (await t.events(tenantId)).filter((e) => e.type === 'reservation.expired')
    expect(expired).toHaveLength(30)
    expect(await inventory.drift(tenantId)).toEqual([])
  })

  it("answers NOT_FOUND for another tenant's variant, location or reservation", async () => {
    const own = await stocked({ stocked: 5 })
    const other = await stocked({ stocked: 5 })
    const inventory = t.inventory()
    const reservation = await inventory.reserve(
      own.ref,
      { quantity: 1, reference: 'x', expiresAt: later() },
      actor,
    )
    expect(
      await code(inventory.adjust({ ...own.ref, tenantId: other.tenantId }, { delta: 1 }, actor)),
    ).toBe('NOT_FOUND')
    expect(
      await code(
        inventory.adjust({ ...own.ref, locationId: other.ref.locationId }, { delta: 1 }, actor),
      ),
    ).toBe('NOT_FOUND')
    expect(
      await code(inventory.release({ tenantId: other.tenantId, id: reservation.id }, actor)),
    ).toBe('NOT_FOUND')
    // A transfer, a level read and the reads of another tenant's rows are refused the same way.
    const move = { tenantId: own.tenantId, variantId: own.ref.variantId, from: own.ref.locationId }
    expect(
      await code(inventory.transfer({ ...move, to: other.ref.locationId }, { quantity: 1 }, actor)),
    ).toBe('NOT_FOUND')
    expect(
      await code(
        inventory.transfer(
          { ...move, variantId: other.ref.variantId, to: randomUUID() },
          { quantity: 1 },
          actor,
        ),
      ),
    ).toBe('NOT_FOUND')
    expect(await code(inventory.level({ ...own.ref, locationId: other.ref.locationId }))).toBe(
      'NOT_FOUND',
    )
    expect(
      await code(inventory.reads.reservation({ tenantId: other.tenantId, id: reservation.id })),
    ).toBe('NOT_FOUND')
    expect(
      await code(inventory.reads.location({ tenantId: own.tenantId, id: other.ref.locationId })),
    ).toBe('NOT_FOUND')
    const mine = await inventory.reads.levels({ tenantId: own.tenantId })
    expect(mine.items.map((level) => level.locationId)).toEqual([own.ref.locationId])
    const raw = sql`insert into commerce_inventory_levels (tenant_id, variant_id, location_id)
      values (${own.tenantId}, ${own.ref.variantId}, ${other.ref.locationId})`.execute(t.db)
    expect(
      await raw.then(
        () => 'ok',
        (error: unknown) => (error as { code?: string }).code,
      ),
    ).toBe('23503')
  })

  it('1,000 parallel reservations of 1 against a level of 10: exactly 10 succeed', async () => {
    const { tenantId, ref, inventory } = await stocked({ stocked: 10 })
    const settled = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        inventory.reserve(ref, { quantity: 1, reference: `cart:${i}`, expiresAt: later() }, actor),
      ),
    )
    const won = settled.filter((s) => s.status === 'fulfilled')
    const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []))
    expect(won).toHaveLength(10)
    expect(
      lost.every((error) => isCommerceError(error) && error.code === 'INSUFFICIENT_INVENTORY'),
    ).toBe(true)
    expect(await inventory.level(ref)).toMatchObject({ stocked: 10, reserved: 10, available: 0 })
    expect(await inventory.drift(tenantId)).toEqual([])
  }, 120_000)
})
