import { cartCompleted, cartCreated, cartUpdated } from './cart-events'
import {
  customerAddressCreated,
  customerAddressDeleted,
  customerAddressUpdated,
} from './customer-address-events'
import {
  promotionCreated,
  promotionDeleted,
  promotionRedeemed,
  promotionReleased,
  promotionUpdated,
} from './promotion-events'
import {
  shippingOptionCreated,
  shippingOptionDeleted,
  shippingOptionUpdated,
} from './shipping-option-events'

/** Any one of the events of carts, promotions, shipping options and customer addresses. */
export type CartEventDefinition =
  | typeof cartCreated
  | typeof cartUpdated
  | typeof cartCompleted
  | typeof promotionCreated
  | typeof promotionUpdated
  | typeof promotionDeleted
  | typeof promotionRedeemed
  | typeof promotionReleased
  | typeof shippingOptionCreated
  | typeof shippingOptionUpdated
  | typeof shippingOptionDeleted
  | typeof customerAddressCreated
  | typeof customerAddressUpdated
  | typeof customerAddressDeleted

/** The events of carts, promotions, shipping options and customer addresses. */
export const cartEvents: readonly CartEventDefinition[] = [
  cartCreated,
  cartUpdated,
  cartCompleted,
  promotionCreated,
  promotionUpdated,
  promotionDeleted,
  promotionRedeemed,
  promotionReleased,
  shippingOptionCreated,
  shippingOptionUpdated,
  shippingOptionDeleted,
  customerAddressCreated,
  customerAddressUpdated,
  customerAddressDeleted,
]
