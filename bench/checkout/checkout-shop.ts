import {
  commerceEvents,
  createCartService,
  createInventoryService,
  createPricingService,
  createProductService,
  type CartService,
} from '@rustok/commerce'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox } from '@rustok/outbox'
import type { Kysely } from 'kysely'

/** A tenant's shop for the checkout bench: one priced variant with stock that never runs out. */
export interface BenchShop {
  readonly tenantId: string
  readonly regionId: string
  readonly variantId: string
  readonly locationId: string
  readonly carts: CartService
  /** A guest's cart with one unit of the variant. */
  cart(): Promise<string>
}

/** Sets up {@link BenchShop} in `tenantId` through the commerce services. */
export async function benchShop(db: Kysely<unknown>, tenantId: string): Promise<BenchShop> {
  const deps = { db, events: createOutbox({ catalog: createEventCatalog(commerceEvents) }) }
  const staff = { userId: null }
  const products = createProductService(deps)
  const product = await products.create(
    tenantId,
    { translations: [{ locale: 'en', title: 'Bench lamp' }], variants: [{ sku: 'BENCH-1' }] },
    staff,
  )
  await products.transition({ tenantId, id: product.id }, 'publish', staff)
  const variantId = product.variants[0]?.id ?? ''
  const pricing = createPricingService(deps)
  const region = await pricing.regions.create(
    tenantId,
    { name: 'EU', currency: 'EUR', taxRate: '20', taxIncluded: true },
    staff,
  )
  await pricing.prices.add({ tenantId, variantId }, { currency: 'EUR', amount: 4900 }, staff)
  const inventory = createInventoryService(deps)
  const { id: locationId } = await inventory.createLocation(tenantId, { name: 'Bench' })
  await inventory.adjust({ tenantId, variantId, locationId }, { delta: 1_000_000_000 }, staff)
  const carts = createCartService(deps)
  return {
    tenantId,
    regionId: region.id,
    variantId,
    locationId,
    carts,
    async cart() {
      const cart = await carts.create(
        { tenantId, customerId: null },
        { regionId: region.id, email: 'bench@example.com', lines: [{ variantId, quantity: 1 }] },
        staff,
      )
      return cart.id
    },
  }
}
