// The commerce events in a catalogue: an order placed and then confirmed, validated the way the
// outbox validates before writing, and the server module's declaration.
// Run it: npx tsx examples/order-events.ts
import {
  CommerceError,
  commerceEvents,
  isCommerceError,
  orderConfirmed,
  orderPlaced,
} from '@rustok/commerce'
import { commerceModule } from '@rustok/commerce/http'
import {
  causedBy,
  createEnvelope,
  createEventCatalog,
  isCoreEventsError,
} from '@rustok/core-events'

const catalog = createEventCatalog(commerceEvents)
console.log(
  catalog.list().length,
  'commerce events:',
  catalog
    .list()
    .map((d) => d.type)
    .join(', '),
)

const tenantId = crypto.randomUUID()
const orderId = crypto.randomUUID()
const placed = createEnvelope(orderPlaced, { orderId, total: 4200, currency: 'EUR' }, { tenantId })
const confirmed = createEnvelope(orderConfirmed, { orderId, number: '1001' }, causedBy(placed))
console.log(
  confirmed.type,
  confirmed.payload,
  'caused by the order:',
  confirmed.causationId === placed.id,
)

try {
  catalog.validate('order.placed', { orderId, total: -1, currency: 'euro' })
} catch (error) {
  console.log('rejected:', isCoreEventsError(error) && error.issues?.map((i) => i.path))
}

console.log(`module "${commerceModule.name}", toggleable: ${commerceModule.toggleable}`)
const outOfStock = new CommerceError('CONFLICT', 'not enough stock')
console.log(isCommerceError(outOfStock), outOfStock.code)
