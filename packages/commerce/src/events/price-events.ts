import { currencyCode, defineEvent, nonNegativeInt, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `price.updated`. Amounts are in minor units (cents). */
export interface PriceUpdatedPayload {
  /** The variant whose price changed. */
  readonly variantId: string
  /** Its product. */
  readonly productId: string
  /** ISO 4217 code, three uppercase letters. */
  readonly currency: string
  /** Previous amount, if there was a price in this currency. */
  readonly oldAmount?: number
  /** New amount, ≥ 0. */
  readonly newAmount: number
}

/** A variant's price in one currency changed (original #29). Aggregate: `price` / `variantId`. */
export const priceUpdated: EventDefinition<'price.updated', PriceUpdatedPayload> = defineEvent({
  type: 'price.updated',
  version: 1,
  description: 'The price of a variant in one currency changed (amounts in minor units).',
  aggregateType: 'price',
  schema: v.object({
    variantId: nonNilUuid(),
    productId: nonNilUuid(),
    currency: currencyCode(),
    oldAmount: v.optional(nonNegativeInt()),
    newAmount: nonNegativeInt(),
  }),
  aggregateId: (payload) => payload.variantId,
})
