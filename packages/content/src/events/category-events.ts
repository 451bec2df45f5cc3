import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `category.created`, `category.updated` and `category.deleted`. */
export interface CategoryPayload {
  /** The category concerned. */
  readonly categoryId: string
}

const CategoryPayloadSchema = v.object({ categoryId: nonNilUuid() })

/** A category was created (original #8). Aggregate: `category` / `categoryId`. */
export const categoryCreated: EventDefinition<'category.created', CategoryPayload> = defineEvent({
  type: 'category.created',
  version: 1,
  description: 'A content category was created.',
  aggregateType: 'category',
  schema: CategoryPayloadSchema,
  aggregateId: (payload) => payload.categoryId,
})

/** A category was updated (original #9). Aggregate: `category` / `categoryId`. */
export const categoryUpdated: EventDefinition<'category.updated', CategoryPayload> = defineEvent({
  type: 'category.updated',
  version: 1,
  description: 'A content category was updated.',
  aggregateType: 'category',
  schema: CategoryPayloadSchema,
  aggregateId: (payload) => payload.categoryId,
})

/** A category was deleted (original #10). Aggregate: `category` / `categoryId`. */
export const categoryDeleted: EventDefinition<'category.deleted', CategoryPayload> = defineEvent({
  type: 'category.deleted',
  version: 1,
  description: 'A content category was deleted.',
  aggregateType: 'category',
  schema: CategoryPayloadSchema,
  aggregateId: (payload) => payload.categoryId,
})
