import {
  boundedText,
  currencyCode,
  defineEvent,
  nonNegativeInt,
  nonNilUuid,
} from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `order.placed`. */
export interface OrderPlacedPayload {
  /** The new order. */
  readonly orderId: string
  /** The customer; omitted for a guest checkout. */
  readonly customerId?: string
  /** Order total in minor units, ≥ 0. */
  readonly total: number
  /** ISO 4217 code of `total`. */
  readonly currency: string
}

/** Payload of `order.cancelled`. */
export interface OrderCancelledPayload {
  /** The order. */
  readonly orderId: string
  /** Why, at most 500 UTF-8 bytes. */
  readonly reason?: string
}

/** An order was placed (original #30). Aggregate: `order` / `orderId`. */
export const orderPlaced: EventDefinition<'order.placed', OrderPlacedPayload> = defineEvent({
  type: 'order.placed',
  version: 1,
  description: 'An order was placed (total in minor units).',
  aggregateType: 'order',
  schema: v.object({
    orderId: nonNilUuid(),
    customerId: v.optional(nonNilUuid()),
    total: nonNegativeInt(),
    currency: currencyCode(),
  }),
  aggregateId: (payload) => payload.orderId,
})

/** An order was cancelled (original #33). Aggregate: `order` / `orderId`. */
export const orderCancelled: EventDefinition<'order.cancelled', OrderCancelledPayload> =
  defineEvent({
    type: 'order.cancelled',
    version: 1,
    description: 'An order was cancelled.',
    aggregateType: 'order',
    schema: v.object({ orderId: nonNilUuid(), reason: v.optional(boundedText(500)) }),
    aggregateId: (payload) => payload.orderId,
  })
