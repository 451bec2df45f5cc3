import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of every `collection.*` event. */
export interface CollectionPayload {
  /** The collection concerned. */
  readonly collectionId: string
}

/** Payload of every `product_category.*` event. */
export interface ProductCategoryPayload {
  /** The category concerned. */
  readonly categoryId: string
}

const CollectionPayloadSchema = v.object({ collectionId: nonNilUuid() })
const CategoryPayloadSchema = v.object({ categoryId: nonNilUuid() })

/** A collection was created. Aggregate: `collection` / `collectionId`. */
export const collectionCreated: EventDefinition<'collection.created', CollectionPayload> =
  defineEvent({
    type: 'collection.created',
    version: 1,
    description: 'A product collection was created.',
    aggregateType: 'collection',
    schema: CollectionPayloadSchema,
    aggregateId: (payload) => payload.collectionId,
  })

/** A collection's texts or products changed. Aggregate: `collection` / `collectionId`. */
export const collectionUpdated: EventDefinition<'collection.updated', CollectionPayload> =
  defineEvent({
    type: 'collection.updated',
    version: 1,
    description: "A product collection's texts or products changed.",
    aggregateType: 'collection',
    schema: CollectionPayloadSchema,
    aggregateId: (payload) => payload.collectionId,
  })

/** A collection was deleted (its products stay). Aggregate: `collection` / `collectionId`. */
export const collectionDeleted: EventDefinition<'collection.deleted', CollectionPayload> =
  defineEvent({
    type: 'collection.deleted',
    version: 1,
    description: 'A product collection was deleted; its products stay.',
    aggregateType: 'collection',
    schema: CollectionPayloadSchema,
    aggregateId: (payload) => payload.collectionId,
  })

// `product_category`, not `category`: content's categories already own `category.*`.

/** A product category was created. Aggregate: `product_category` / `categoryId`. */
export const productCategoryCreated: EventDefinition<
  'product_category.created',
  ProductCategoryPayload
> = defineEvent({
  type: 'product_category.created',
  version: 1,
  description: 'A product category was created.',
  aggregateType: 'product_category',
  schema: CategoryPayloadSchema,
  aggregateId: (payload) => payload.categoryId,
})

/** A product category changed (texts, flags, place in the tree). */
export const productCategoryUpdated: EventDefinition<
  'product_category.updated',
  ProductCategoryPayload
> = defineEvent({
  type: 'product_category.updated',
  version: 1,
  description: 'A product category changed: texts, flags or place in the tree.',
  aggregateType: 'product_category',
  schema: CategoryPayloadSchema,
  aggregateId: (payload) => payload.categoryId,
})

/** A product category was deleted (its products stay). */
export const productCategoryDeleted: EventDefinition<
  'product_category.deleted',
  ProductCategoryPayload
> = defineEvent({
  type: 'product_category.deleted',
  version: 1,
  description: 'A product category was deleted; its products stay.',
  aggregateType: 'product_category',
  schema: CategoryPayloadSchema,
  aggregateId: (payload) => payload.categoryId,
})
