import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutShop, type CheckoutShop } from '../checkout/checkout-test-kit.test-helper'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { replayOrder } from './order-history'
import { nextOrderStatus, type OrderStatus } from './order-status'

const staff = { userId: randomUUID() }
type Command = 'confirm' | 'capture' | 'ship' | 'deliver' | 'cancel' | 'cancelWithRefund' | 'refund'

interface Model {
  status: OrderStatus
  paid: number
  refunded: number
}

const PRICE = 1999
const REFUND = 300

/** The model's answer to a command: the next state, or `null` when the machine refuses it. */
function modelStep(model: Model, command: Command): Model | null {
  switch (command) {
    case 'capture': {
      const to = nextOrderStatus('pay', model.status)
      return to ? { ...model, status: to, paid: PRICE } : null
    }
    case 'cancelWithRefund': {
      // `refund: true` on an order not yet paid is a plain cancel: there is nothing to refund.
      const to = nextOrderStatus('cancelWithRefund', model.status)
      return to ? { ...model, status: to, refunded: model.paid } : modelStep(model, 'cancel')
    }
    case 'refund':
      return ['paid', 'shipped', 'delivered'].includes(model.status) &&
        model.paid - model.refunded >= REFUND
        ? { ...model, refunded: model.refunded + REFUND }
        : null
    case 'confirm':
    case 'ship':
    case 'deliver':
    case 'cancel': {
      const to = nextOrderStatus(command, model.status)
      return to ? { ...model, status: to } : null
    }
  }
}

describe('the order state machine under random command sequences', () => {
  let t: CommerceTestDb
  let shop: CheckoutShop
  beforeAll(async () => {
    t = await commerceTestDb()
    shop = await checkoutShop(t, { stock: 1_000 })
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  async function run(
    order: { tenantId: string; id: string; actor: typeof staff },
    command: Command,
  ) {
    const { orders } = shop
    switch (command) {
      case 'confirm':
        return orders.confirm(order)
      case 'capture':
        return orders.capture(order)
      case 'ship':
        return orders.ship(order, { carrier: 'ups', trackingNumber: '1Z999AA1' })
      case 'deliver':
        return orders.deliver(order)
      case 'cancel':
        return orders.cancel(order, {})
      case 'cancelWithRefund':
        return orders.cancel(order, { refund: true })
      case 'refund':
        return orders.refund({ ...order, key: randomUUID() }, { amount: REFUND })
    }
  }

  it('never reaches a state the machine forbids, and its events replay to the stored state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.constantFrom<Command>(
            'confirm',
            'capture',
            'ship',
            'deliver',
            'cancel',
            'cancelWithRefund',
            'refund',
          ),
          { maxLength: 10 },
        ),
        async (commands) => {
          const { order: placed } = await shop.checkout.complete({
            tenantId: shop.tenantId,
            cartId: await shop.cart(1),
            customerId: null,
            provider: 'test',
            actor: { userId: null },
          })
          const order = { tenantId: shop.tenantId, id: placed.id, actor: staff }
          let model: Model = { status: 'confirmed', paid: 0, refunded: 0 }
          for (const command of commands) {
            const expected = modelStep(model, command)
            const outcome = await run(order, command).then(
              () => 'ok',
              (error: unknown) => (isCommerceError(error) ? error.code : String(error)),
            )
            if (expected === null)
              expect(['INVALID_TRANSITION', 'INVALID_INPUT']).toContain(outcome)
            else expect(outcome).toBe('ok')
            model = expected ?? model
          }
          const stored = await shop.orders.get(order)
          expect({
            status: stored.status,
            paid: stored.paidTotal,
            refunded: stored.refundedTotal,
          }).toEqual(model)
          const replayed = replayOrder(await shop.orders.history(order))
          expect(replayed).toEqual({
            status: stored.status,
            paidTotal: stored.paidTotal,
            refundedTotal: stored.refundedTotal,
          })
        },
      ),
      { numRuns: 25 },
    )
  }, 120_000)
})
