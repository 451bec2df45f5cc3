import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of every `variant.*` event. */
export interface VariantPayload {
  /** The variant concerned. */
  readonly variantId: string
  /** Its product. */
  readonly productId: string
}

const VariantPayloadSchema = v.object({ variantId: nonNilUuid(), productId: nonNilUuid() })

// Variants are entities inside the product aggregate: keying them by product keeps variant
// events in order with `product.deleted`.

/** A variant was created (original #24). Aggregate: `product` / `productId`. */
export const variantCreated: EventDefinition<'variant.created', VariantPayload> = defineEvent({
  type: 'variant.created',
  version: 1,
  description: 'A product variant was created.',
  aggregateType: 'product',
  schema: VariantPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** A variant was updated (original #25). Aggregate: `product` / `productId`. */
export const variantUpdated: EventDefinition<'variant.updated', VariantPayload> = defineEvent({
  type: 'variant.updated',
  version: 1,
  description: 'A product variant was updated.',
  aggregateType: 'product',
  schema: VariantPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** A variant was deleted (original #26). Aggregate: `product` / `productId`. */
export const variantDeleted: EventDefinition<'variant.deleted', VariantPayload> = defineEvent({
  type: 'variant.deleted',
  version: 1,
  description: 'A product variant was deleted.',
  aggregateType: 'product',
  schema: VariantPayloadSchema,
  aggregateId: (payload) => payload.productId,
})
