// A checkout on PGlite in memory: a priced, stocked lamp; a guest's cart; a declined card (the
// stock comes back), then a checkout that places and confirms the order; payment captured, the
// order shipped, and its history read from its events. Run it: npx tsx examples/checkout.ts
import {
  commerceEvents,
  commerceMigrations,
  createCartService,
  createCheckoutService,
  createInventoryService,
  createOrderService,
  createPricingService,
  createProductService,
  createTestPaymentProvider,
  isCommerceError,
} from '@rustok/commerce'
import { createDb, createMigrator } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [outboxMigrations, commerceMigrations] }).up()
const events = createOutbox({ catalog: createEventCatalog(commerceEvents) })
// A deterministic provider whose outcomes the script chooses; a real one implements the same port.
const card = createTestPaymentProvider()
const deps = { db, events, providers: [card] }

const tenantId = crypto.randomUUID()
const staff = { userId: crypto.randomUUID() }
const products = createProductService(deps)
const lamp = await products.create(
  tenantId,
  { translations: [{ locale: 'en', title: 'Desk lamp' }], variants: [{ sku: 'LAMP-1' }] },
  staff,
)
await products.transition({ tenantId, id: lamp.id }, 'publish', staff)
const variantId = lamp.variants[0]?.id ?? ''
const pricing = createPricingService(deps)
const eu = await pricing.regions.create(
  tenantId,
  { name: 'EU', currency: 'EUR', taxRate: '20', taxIncluded: true },
  staff,
)
await pricing.prices.add({ tenantId, variantId }, { currency: 'EUR', amount: 4900 }, staff)
const inventory = createInventoryService(deps)
const { id: locationId } = await inventory.createLocation(tenantId, { name: 'Warehouse' })
await inventory.adjust({ tenantId, variantId, locationId }, { delta: 3 }, staff)

const guest = { userId: null }
const cart = await createCartService(deps).create(
  { tenantId, customerId: null },
  { regionId: eu.id, email: 'ada@example.com', lines: [{ variantId, quantity: 2 }] },
  guest,
)
const checkout = createCheckoutService(deps)
const command = { tenantId, cartId: cart.id, customerId: null, provider: 'test', actor: guest }

card.script('authorize', 'decline')
try {
  await checkout.complete(command)
} catch (error) {
  console.log('first try:', isCommerceError(error) && error.code)
  // first try: PAYMENT_DECLINED
}
const held = await inventory.level({ tenantId, variantId, locationId })
console.log('held after the decline:', held.reserved)
// held after the decline: 0

const { order } = await checkout.complete(command)
console.log(`order ${order.number}: ${order.status}, ${order.total} ${order.currency}`)
// order 1001: confirmed, 9800 EUR

const orders = createOrderService(deps)
const ref = { tenantId, id: order.id, actor: staff }
await orders.capture(ref)
const shipped = await orders.ship(ref, { carrier: 'dhl', trackingNumber: 'JD014600' })
console.log(shipped.status, shipped.paidTotal, shipped.trackingNumber)
// shipped 9800 JD014600
console.log((await orders.history(ref)).map((entry) => entry.type).join(' → '))
// order.placed → order.confirmed → order.paid → order.shipped
await db.destroy()
