import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `promotion.created|updated|deleted`. */
export interface PromotionPayload {
  readonly promotionId: string
  readonly code: string
}

/** Payload of `promotion.redeemed|released`. */
export interface PromotionRedemptionPayload {
  readonly promotionId: string
  readonly code: string
  readonly redemptionId: string
  /** What used it (an order id). */
  readonly reference: string
}

const promotionEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'promotion',
    schema: v.object({ promotionId: nonNilUuid(), code: nonEmptyText(50) }),
    aggregateId: (payload: PromotionPayload) => payload.promotionId,
  })

const redemptionEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'promotion',
    schema: v.object({
      promotionId: nonNilUuid(),
      code: nonEmptyText(50),
      redemptionId: nonNilUuid(),
      reference: nonEmptyText(200),
    }),
    aggregateId: (payload: PromotionRedemptionPayload) => payload.promotionId,
  })

/** A discount code was created. Aggregate: `promotion` / `promotionId`. */
export const promotionCreated: EventDefinition<'promotion.created', PromotionPayload> =
  promotionEvent('promotion.created', 'A promotion (discount code) was created.')

/** A promotion's terms changed. Aggregate: `promotion` / `promotionId`. */
export const promotionUpdated: EventDefinition<'promotion.updated', PromotionPayload> =
  promotionEvent('promotion.updated', "A promotion's discount, limits or validity changed.")

/** A promotion was deleted. Aggregate: `promotion` / `promotionId`. */
export const promotionDeleted: EventDefinition<'promotion.deleted', PromotionPayload> =
  promotionEvent('promotion.deleted', 'A promotion was deleted.')

/** An order used a promotion (its usage counted). Aggregate: `promotion` / `promotionId`. */
export const promotionRedeemed: EventDefinition<'promotion.redeemed', PromotionRedemptionPayload> =
  redemptionEvent('promotion.redeemed', 'An order redeemed a promotion; its usage was counted.')

/** A redemption was given back (order cancelled). Aggregate: `promotion` / `promotionId`. */
export const promotionReleased: EventDefinition<'promotion.released', PromotionRedemptionPayload> =
  redemptionEvent('promotion.released', 'A redemption was released; its usage was given back.')
