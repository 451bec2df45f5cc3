import { currencyCode, defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `cart.created`. */
export interface CartCreatedPayload {
  readonly cartId: string
  readonly regionId: string
  readonly currency: string
  /** The signed-in customer; omitted for a guest's cart. */
  readonly customerId?: string
}

/** What changed in a cart. */
export type CartChange = 'details' | 'lines' | 'promotions' | 'shipping'

/** Payload of `cart.updated`. */
export interface CartUpdatedPayload {
  readonly cartId: string
  readonly change: CartChange
}

/** Payload of `cart.completed`. */
export interface CartCompletedPayload {
  readonly cartId: string
  readonly orderId: string
}

/** A cart was created. Aggregate: `cart` / `cartId`. */
export const cartCreated: EventDefinition<'cart.created', CartCreatedPayload> = defineEvent({
  type: 'cart.created',
  version: 1,
  description: 'A cart was created in a region (currency), for a customer or a guest.',
  aggregateType: 'cart',
  schema: v.object({
    cartId: nonNilUuid(),
    regionId: nonNilUuid(),
    currency: currencyCode(),
    customerId: v.optional(nonNilUuid()),
  }),
  aggregateId: (payload) => payload.cartId,
})

/** A cart's details, lines, codes or shipping changed. Aggregate: `cart` / `cartId`. */
export const cartUpdated: EventDefinition<'cart.updated', CartUpdatedPayload> = defineEvent({
  type: 'cart.updated',
  version: 1,
  description: "A cart's details, lines, discount codes or shipping option changed.",
  aggregateType: 'cart',
  schema: v.object({
    cartId: nonNilUuid(),
    change: v.picklist(['details', 'lines', 'promotions', 'shipping']),
  }),
  aggregateId: (payload) => payload.cartId,
})

/** A cart became an order and can no longer change. Aggregate: `cart` / `cartId`. */
export const cartCompleted: EventDefinition<'cart.completed', CartCompletedPayload> = defineEvent({
  type: 'cart.completed',
  version: 1,
  description: 'A cart was checked out into an order and can no longer change.',
  aggregateType: 'cart',
  schema: v.object({ cartId: nonNilUuid(), orderId: nonNilUuid() }),
  aggregateId: (payload) => payload.cartId,
})
