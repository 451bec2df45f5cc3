import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of the `shipping_option.*` events. */
export interface ShippingOptionPayload {
  readonly shippingOptionId: string
  readonly regionId: string
}

const shippingOptionEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'shipping_option',
    schema: v.object({ shippingOptionId: nonNilUuid(), regionId: nonNilUuid() }),
    aggregateId: (payload: ShippingOptionPayload) => payload.shippingOptionId,
  })

/** A flat-rate shipping option was created. Aggregate: `shipping_option`. */
export const shippingOptionCreated: EventDefinition<
  'shipping_option.created',
  ShippingOptionPayload
> = shippingOptionEvent('shipping_option.created', 'A flat-rate shipping option was created.')

/** A shipping option's name or rate changed. Aggregate: `shipping_option`. */
export const shippingOptionUpdated: EventDefinition<
  'shipping_option.updated',
  ShippingOptionPayload
> = shippingOptionEvent('shipping_option.updated', "A shipping option's name or rate changed.")

/** A shipping option was deleted (carts that chose it have none). Aggregate: `shipping_option`. */
export const shippingOptionDeleted: EventDefinition<
  'shipping_option.deleted',
  ShippingOptionPayload
> = shippingOptionEvent('shipping_option.deleted', 'A shipping option was deleted.')
