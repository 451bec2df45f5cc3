import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `checkout.started`. */
export interface CheckoutStartedPayload {
  readonly checkoutId: string
  readonly cartId: string
}

/** Payload of `checkout.failed`: what stopped it; everything it held was given back. */
export interface CheckoutFailedPayload extends CheckoutStartedPayload {
  /** A stable code: `INSUFFICIENT_INVENTORY`, `PAYMENT_DECLINED`, `PAYMENT_FAILED`, … */
  readonly code: string
}

const started = { checkoutId: nonNilUuid(), cartId: nonNilUuid() }

/**
 * A cart's checkout began. The worker's handler drives the saga from this event when the request
 * that started it did not finish it (a crash): it finishes or compensates. Aggregate: `checkout`.
 */
export const checkoutStarted: EventDefinition<'checkout.started', CheckoutStartedPayload> =
  defineEvent({
    type: 'checkout.started',
    version: 1,
    description: 'A checkout of a cart began (reserve → authorise → place → confirm).',
    aggregateType: 'checkout',
    schema: v.object(started),
    aggregateId: (payload) => payload.checkoutId,
  })

/** A checkout failed and was compensated. Aggregate: `checkout` / `checkoutId`. */
export const checkoutFailed: EventDefinition<'checkout.failed', CheckoutFailedPayload> =
  defineEvent({
    type: 'checkout.failed',
    version: 1,
    description: 'A checkout failed; its reservations were released and its authorisation voided.',
    aggregateType: 'checkout',
    schema: v.object({ ...started, code: nonEmptyText(100) }),
    aggregateId: (payload) => payload.checkoutId,
  })
