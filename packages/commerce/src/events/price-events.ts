import { currencyCode, defineEvent, nonNegativeInt, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Where a price applies: its variant, currency, region and list (amounts in minor units). */
export interface PriceScopePayload {
  readonly priceId: string
  /** The variant priced. */
  readonly variantId: string
  /** Its product. */
  readonly productId: string
  /** ISO 4217 code, three uppercase letters. */
  readonly currency: string
  /** `null`: every region of the currency. */
  readonly regionId: string | null
  /** `null`: the variant's own price. */
  readonly priceListId: string | null
  /** The first quantity of its tier. */
  readonly minQuantity: number
}

/** Payload of `price.created` and `price.deleted`. */
export interface PricePayload extends PriceScopePayload {
  readonly amount: number
}

/** Payload of `price.updated`. */
export interface PriceUpdatedPayload extends PriceScopePayload {
  /** The amount before the change. */
  readonly oldAmount: number
  /** The amount after it, ≥ 0 (equal to `oldAmount` when only the compare-at or tier changed). */
  readonly newAmount: number
}

const scope = {
  priceId: nonNilUuid(),
  variantId: nonNilUuid(),
  productId: nonNilUuid(),
  currency: currencyCode(),
  regionId: v.nullable(nonNilUuid()),
  priceListId: v.nullable(nonNilUuid()),
  minQuantity: v.pipe(
    v.number(),
    v.safeInteger('must be a safe integer'),
    v.minValue(1, 'must be ≥ 1'),
  ),
}

// Keyed by variant: a variant's price events stay in order.

/** A price was added to a variant. Aggregate: `price` / `variantId`. */
export const priceCreated: EventDefinition<'price.created', PricePayload> = defineEvent({
  type: 'price.created',
  version: 1,
  description: 'A variant got a price (in a currency, maybe for a region, a list, a tier).',
  aggregateType: 'price',
  schema: v.object({ ...scope, amount: nonNegativeInt() }),
  aggregateId: (payload) => payload.variantId,
})

/** A price changed: amount, compare-at or tier end. Aggregate: `price` / `variantId`. */
export const priceUpdated: EventDefinition<'price.updated', PriceUpdatedPayload> = defineEvent({
  type: 'price.updated',
  version: 1,
  description: 'A stored price of a variant changed (amounts in minor units).',
  aggregateType: 'price',
  schema: v.object({ ...scope, oldAmount: nonNegativeInt(), newAmount: nonNegativeInt() }),
  aggregateId: (payload) => payload.variantId,
})

/** A price was removed. Aggregate: `price` / `variantId`. */
export const priceDeleted: EventDefinition<'price.deleted', PricePayload> = defineEvent({
  type: 'price.deleted',
  version: 1,
  description: 'A stored price of a variant was removed.',
  aggregateType: 'price',
  schema: v.object({ ...scope, amount: nonNegativeInt() }),
  aggregateId: (payload) => payload.variantId,
})
