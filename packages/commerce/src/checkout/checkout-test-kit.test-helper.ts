import { createEventCatalog } from '@rustok/core-events'
import { createOutbox } from '@rustok/outbox'
import { cartShop, type CartShop } from '../cart/cart-test-kit.test-helper'
import type { CommerceDeps } from '../commerce-deps'
import { commerceEvents } from '../commerce-events'
import { createOrderService, type OrderService } from '../orders/order-service'
import { createTestPaymentProvider, type TestPaymentProvider } from '../payments/test-provider'
import type { CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import {
  createCheckoutService,
  type CheckoutOptions,
  type CheckoutService,
} from './checkout-service'

/** A cart shop with stock at one location, a test payment provider, checkout and orders. */
export interface CheckoutShop extends CartShop {
  readonly locationId: string
  readonly provider: TestPaymentProvider
  readonly checkout: CheckoutService
  readonly orders: OrderService
  /** A checkout service over other options (a clock, timings, another provider). */
  checkoutWith(options: Partial<CheckoutOptions>): CheckoutService
  /** A guest cart in the EU region with `quantity` of variant `a` and an e-mail. */
  cart(quantity?: number): Promise<string>
  /** Units of `variant` stocked and reserved at the location. */
  level(variant: string): Promise<{ stocked: number; reserved: number }>
}

const admin = { userId: '0190a8b2-7c3e-7000-8000-000000000001' }

/** A shop in a fresh tenant of `t` with `stock` units of `a` and `b`. */
export async function checkoutShop(
  t: CommerceTestDb,
  options: { readonly stock?: number; readonly providerTimeoutMs?: number } = {},
): Promise<CheckoutShop> {
  const shop = await cartShop(t)
  const inventory = t.inventory()
  const { id: locationId } = await inventory.createLocation(shop.tenantId, { name: 'Warehouse' })
  for (const variantId of [shop.a, shop.b])
    await inventory.adjust(
      { tenantId: shop.tenantId, variantId, locationId },
      { delta: options.stock ?? 10 },
      admin,
    )
  const provider = createTestPaymentProvider({ hangMs: 2_000 })
  const events = createOutbox({ catalog: createEventCatalog(commerceEvents) })
  const base: CommerceDeps & CheckoutOptions = {
    db: t.db,
    events,
    providers: [provider],
    providerTimeoutMs: options.providerTimeoutMs ?? 5_000,
  }
  const checkoutWith = (more: Partial<CheckoutOptions>) =>
    createCheckoutService({ ...base, ...more })
  return {
    ...shop,
    locationId,
    provider,
    checkout: checkoutWith({}),
    orders: createOrderService(base),
    checkoutWith,
    async cart(quantity = 1) {
      const cart = await shop.carts.create(
        { tenantId: shop.tenantId, customerId: null },
        {
          regionId: shop.eu.id,
          email: 'buyer@example.com',
          lines: [{ variantId: shop.a, quantity }],
        },
        { userId: null },
      )
      return cart.id
    },
    async level(variant) {
      const row = await t.db
        .selectFrom('commerce_inventory_levels')
        .select(['stocked', 'reserved'])
        .where('tenant_id', '=', shop.tenantId)
        .where('variant_id', '=', variant)
        .where('location_id', '=', locationId)
        .executeTakeFirstOrThrow()
      return { stocked: row.stocked, reserved: row.reserved }
    },
  }
}
