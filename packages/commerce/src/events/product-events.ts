import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of every `product.*` event. */
export interface ProductPayload {
  /** The product concerned. */
  readonly productId: string
}

const ProductPayloadSchema = v.object({ productId: nonNilUuid() })

/** A product was created (original #20). Aggregate: `product` / `productId`. */
export const productCreated: EventDefinition<'product.created', ProductPayload> = defineEvent({
  type: 'product.created',
  version: 1,
  description: 'A product was created.',
  aggregateType: 'product',
  schema: ProductPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** A product was updated (original #21). Aggregate: `product` / `productId`. */
export const productUpdated: EventDefinition<'product.updated', ProductPayload> = defineEvent({
  type: 'product.updated',
  version: 1,
  description: 'A product was updated.',
  aggregateType: 'product',
  schema: ProductPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** A product was published (original #22). Aggregate: `product` / `productId`. */
export const productPublished: EventDefinition<'product.published', ProductPayload> = defineEvent({
  type: 'product.published',
  version: 1,
  description: 'A product was published.',
  aggregateType: 'product',
  schema: ProductPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** A product was deleted (original #23). Aggregate: `product` / `productId`. */
export const productDeleted: EventDefinition<'product.deleted', ProductPayload> = defineEvent({
  type: 'product.deleted',
  version: 1,
  description: 'A product was deleted.',
  aggregateType: 'product',
  schema: ProductPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** An active product was archived (no longer sold). Aggregate: `product` / `productId`. */
export const productArchived: EventDefinition<'product.archived', ProductPayload> = defineEvent({
  type: 'product.archived',
  version: 1,
  description: 'An active product was archived.',
  aggregateType: 'product',
  schema: ProductPayloadSchema,
  aggregateId: (payload) => payload.productId,
})

/** An archived product went back to draft. Aggregate: `product` / `productId`. */
export const productRestored: EventDefinition<'product.restored', ProductPayload> = defineEvent({
  type: 'product.restored',
  version: 1,
  description: 'An archived product went back to draft.',
  aggregateType: 'product',
  schema: ProductPayloadSchema,
  aggregateId: (payload) => payload.productId,
})
