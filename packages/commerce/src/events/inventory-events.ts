import { defineEvent, nonNegativeInt, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `inventory.updated`. */
export interface InventoryUpdatedPayload {
  /** The variant whose stock changed. */
  readonly variantId: string
  /** Its product. */
  readonly productId: string
  /** The stock location; required and real (the original always sent the nil UUID). */
  readonly locationId: string
  /** Quantity before, ≥ 0. */
  readonly oldQuantity: number
  /** Quantity after, ≥ 0. */
  readonly newQuantity: number
}

/** Payload of `inventory.low`. */
export interface InventoryLowPayload {
  /** The variant running low. */
  readonly variantId: string
  /** Its product. */
  readonly productId: string
  /** Units left, ≥ 0 and ≤ `threshold`. */
  readonly remaining: number
  /** The low-stock threshold, ≥ 0. */
  readonly threshold: number
}

/** Stock of a variant at a location changed (original #27). Aggregate: `inventory` / `variantId`. */
export const inventoryUpdated: EventDefinition<'inventory.updated', InventoryUpdatedPayload> =
  defineEvent({
    type: 'inventory.updated',
    version: 1,
    description: 'The stock of a variant at a location changed.',
    aggregateType: 'inventory',
    schema: v.object({
      variantId: nonNilUuid(),
      productId: nonNilUuid(),
      locationId: nonNilUuid(),
      oldQuantity: nonNegativeInt(),
      newQuantity: nonNegativeInt(),
    }),
    aggregateId: (payload) => payload.variantId,
  })

/**
 * A variant's stock fell to or below its threshold (original #28). `remaining == threshold` is
 * valid: the original emitted it but its validation rejected it. Aggregate: `inventory` / `variantId`.
 */
export const inventoryLow: EventDefinition<'inventory.low', InventoryLowPayload> = defineEvent({
  type: 'inventory.low',
  version: 1,
  description: 'The stock of a variant fell to or below its low-stock threshold.',
  aggregateType: 'inventory',
  schema: v.pipe(
    v.object({
      variantId: nonNilUuid(),
      productId: nonNilUuid(),
      remaining: nonNegativeInt(),
      threshold: nonNegativeInt(),
    }),
    v.forward(
      v.check((payload) => payload.remaining <= payload.threshold, 'must be ≤ threshold'),
      ['remaining'],
    ),
  ),
  aggregateId: (payload) => payload.variantId,
})
