import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of the `customer_address.*` events. */
export interface CustomerAddressPayload {
  readonly addressId: string
  readonly customerId: string
}

const addressEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'customer_address',
    schema: v.object({ addressId: nonNilUuid(), customerId: nonNilUuid() }),
    aggregateId: (payload: CustomerAddressPayload) => payload.addressId,
  })

/** A customer saved an address. Aggregate: `customer_address` / `addressId`. */
export const customerAddressCreated: EventDefinition<
  'customer_address.created',
  CustomerAddressPayload
> = addressEvent('customer_address.created', 'A customer saved an address.')

/** A customer changed one of their addresses. Aggregate: `customer_address`. */
export const customerAddressUpdated: EventDefinition<
  'customer_address.updated',
  CustomerAddressPayload
> = addressEvent('customer_address.updated', 'A customer changed one of their addresses.')

/** A customer removed one of their addresses. Aggregate: `customer_address`. */
export const customerAddressDeleted: EventDefinition<
  'customer_address.deleted',
  CustomerAddressPayload
> = addressEvent('customer_address.deleted', 'A customer removed one of their addresses.')
