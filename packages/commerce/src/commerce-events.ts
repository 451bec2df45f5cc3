import type { EventType } from '@rustok/core-events'
import { cartEvents, type CartEventDefinition } from './events/cart-event-list'
import { checkoutFailed, checkoutStarted } from './events/checkout-events'
import {
  collectionCreated,
  collectionDeleted,
  collectionUpdated,
  productCategoryCreated,
  productCategoryDeleted,
  productCategoryUpdated,
} from './events/grouping-events'
import { inventoryLow, inventoryUpdated } from './events/inventory-events'
import { orderCancelled, orderPlaced } from './events/order-events'
import {
  orderConfirmed,
  orderDelivered,
  orderPaid,
  orderRefunded,
  orderShipped,
} from './events/order-lifecycle-events'
import { priceCreated, priceDeleted, priceUpdated } from './events/price-events'
import { priceListCreated, priceListDeleted, priceListUpdated } from './events/price-list-events'
import { regionCreated, regionDeleted, regionUpdated } from './events/region-events'
import {
  productArchived,
  productCreated,
  productDeleted,
  productPublished,
  productRestored,
  productUpdated,
} from './events/product-events'
import {
  reservationConverted,
  reservationCreated,
  reservationExpired,
  reservationReleased,
} from './events/reservation-events'
import { variantCreated, variantDeleted, variantUpdated } from './events/variant-events'

/** Any one of the commerce event definitions. */
export type CommerceEventDefinition =
  | typeof productCreated
  | typeof productUpdated
  | typeof productPublished
  | typeof productDeleted
  | typeof productArchived
  | typeof productRestored
  | typeof variantCreated
  | typeof variantUpdated
  | typeof variantDeleted
  | typeof inventoryUpdated
  | typeof inventoryLow
  | typeof reservationCreated
  | typeof reservationReleased
  | typeof reservationExpired
  | typeof reservationConverted
  | typeof priceCreated
  | typeof priceUpdated
  | typeof priceDeleted
  | typeof priceListCreated
  | typeof priceListUpdated
  | typeof priceListDeleted
  | typeof regionCreated
  | typeof regionUpdated
  | typeof regionDeleted
  | CartEventDefinition
  | typeof collectionCreated
  | typeof collectionUpdated
  | typeof collectionDeleted
  | typeof productCategoryCreated
  | typeof productCategoryUpdated
  | typeof productCategoryDeleted
  | typeof orderPlaced
  | typeof orderConfirmed
  | typeof orderPaid
  | typeof orderShipped
  | typeof orderDelivered
  | typeof orderRefunded
  | typeof orderCancelled
  | typeof checkoutStarted
  | typeof checkoutFailed

/** The dotted type names of the commerce events. */
export type CommerceEventType = EventType<CommerceEventDefinition>

/**
 * The commerce module's event definitions (products, variants, inventory, prices, price lists, regions, orders), to
 * compose into the application catalogue with `createEventCatalog(tenancyEvents, commerceEvents, …)`.
 */
export const commerceEvents: readonly CommerceEventDefinition[] = [
  productCreated,
  productUpdated,
  productPublished,
  productDeleted,
  productArchived,
  productRestored,
  variantCreated,
  variantUpdated,
  variantDeleted,
  inventoryUpdated,
  inventoryLow,
  reservationCreated,
  reservationReleased,
  reservationExpired,
  reservationConverted,
  priceCreated,
  priceUpdated,
  priceDeleted,
  priceListCreated,
  priceListUpdated,
  priceListDeleted,
  regionCreated,
  regionUpdated,
  regionDeleted,
  ...cartEvents,
  collectionCreated,
  collectionUpdated,
  collectionDeleted,
  productCategoryCreated,
  productCategoryUpdated,
  productCategoryDeleted,
  orderPlaced,
  orderConfirmed,
  orderPaid,
  orderShipped,
  orderDelivered,
  orderCancelled,
  orderRefunded,
  checkoutStarted,
  checkoutFailed,
]
