import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of the `reservation.*` events. */
export interface ReservationPayload {
  readonly reservationId: string
  readonly variantId: string
  readonly locationId: string
  /** Units held, > 0. */
  readonly quantity: number
  /** What holds them: a cart line, an order line. */
  readonly reference: string
}

const schema = v.object({
  reservationId: nonNilUuid(),
  variantId: nonNilUuid(),
  locationId: nonNilUuid(),
  quantity: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  reference: nonEmptyText(200),
})

// Keyed by variant, like inventory.updated: a variant's stock events stay in order.
const reservationEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'inventory',
    schema,
    aggregateId: (payload: ReservationPayload) => payload.variantId,
  })

/** Units were reserved for a reference. Aggregate: `inventory` / `variantId`. */
export const reservationCreated: EventDefinition<'reservation.created', ReservationPayload> =
  reservationEvent('reservation.created', 'Units of a variant were reserved at a location.')

/** A reservation was given back before it expired. Aggregate: `inventory` / `variantId`. */
export const reservationReleased: EventDefinition<'reservation.released', ReservationPayload> =
  reservationEvent('reservation.released', 'A reservation was released.')

/** A reservation ran out and its units went back. Aggregate: `inventory` / `variantId`. */
export const reservationExpired: EventDefinition<'reservation.expired', ReservationPayload> =
  reservationEvent('reservation.expired', 'A reservation expired; its units are available again.')

/** A reservation became a sale: the units left the stock. Aggregate: `inventory` / `variantId`. */
export const reservationConverted: EventDefinition<'reservation.converted', ReservationPayload> =
  reservationEvent('reservation.converted', 'A reservation became a sale.')
