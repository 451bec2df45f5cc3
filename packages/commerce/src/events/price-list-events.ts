import { defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of the `price_list.*` events. */
export interface PriceListPayload {
  readonly priceListId: string
  readonly type: 'sale' | 'override'
  readonly status: 'draft' | 'active'
}

const schema = v.object({
  priceListId: nonNilUuid(),
  type: v.picklist(['sale', 'override']),
  status: v.picklist(['draft', 'active']),
})

const priceListEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'price_list',
    schema,
    aggregateId: (payload: PriceListPayload) => payload.priceListId,
  })

/** A price list was created. Aggregate: `price_list` / `priceListId`. */
export const priceListCreated: EventDefinition<'price_list.created', PriceListPayload> =
  priceListEvent('price_list.created', 'A price list (sale or override) was created.')

/** A price list's name, status or validity window changed. Aggregate: `price_list`. */
export const priceListUpdated: EventDefinition<'price_list.updated', PriceListPayload> =
  priceListEvent('price_list.updated', "A price list's name, status or validity window changed.")

/** A price list was deleted with its prices. Aggregate: `price_list` / `priceListId`. */
export const priceListDeleted: EventDefinition<'price_list.deleted', PriceListPayload> =
  priceListEvent('price_list.deleted', 'A price list was deleted; its prices went with it.')
