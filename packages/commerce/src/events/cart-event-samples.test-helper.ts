import type { EventType } from '@rustok/core-events'
import type { CartEventDefinition } from './cart-event-list'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const other = '0190a0d4-7f55-7c1e-9c1a-bbbbbbbbbbbb'

/** A valid payload of every cart, promotion, shipping option and address event, and its id field. */
export const cartEventSamples: Record<
  EventType<CartEventDefinition>,
  { payload: Record<string, unknown>; idField: string }
> = {
  'cart.created': {
    payload: { cartId: id, regionId: other, currency: 'EUR', customerId: other },
    idField: 'cartId',
  },
  'cart.updated': { payload: { cartId: id, change: 'lines' }, idField: 'cartId' },
  'cart.completed': { payload: { cartId: id, orderId: other }, idField: 'cartId' },
  'promotion.created': { payload: { promotionId: id, code: 'TEN' }, idField: 'promotionId' },
  'promotion.updated': { payload: { promotionId: id, code: 'TEN' }, idField: 'promotionId' },
  'promotion.deleted': { payload: { promotionId: id, code: 'TEN' }, idField: 'promotionId' },
  'promotion.redeemed': {
    payload: { promotionId: id, code: 'TEN', redemptionId: other, reference: other },
    idField: 'promotionId',
  },
  'promotion.released': {
    payload: { promotionId: id, code: 'TEN', redemptionId: other, reference: other },
    idField: 'promotionId',
  },
  'shipping_option.created': {
    payload: { shippingOptionId: id, regionId: other },
    idField: 'shippingOptionId',
  },
  'shipping_option.updated': {
    payload: { shippingOptionId: id, regionId: other },
    idField: 'shippingOptionId',
  },
  'shipping_option.deleted': {
    payload: { shippingOptionId: id, regionId: other },
    idField: 'shippingOptionId',
  },
  'customer_address.created': {
    payload: { addressId: id, customerId: other },
    idField: 'addressId',
  },
  'customer_address.updated': {
    payload: { addressId: id, customerId: other },
    idField: 'addressId',
  },
  'customer_address.deleted': {
    payload: { addressId: id, customerId: other },
    idField: 'addressId',
  },
}
