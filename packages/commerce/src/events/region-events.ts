import { currencyCode, defineEvent, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of the `region.*` events. */
export interface RegionPayload {
  readonly regionId: string
  /** ISO 4217 code of the region's prices. */
  readonly currency: string
}

const schema = v.object({ regionId: nonNilUuid(), currency: currencyCode() })

const regionEvent = <T extends string>(type: T, description: string) =>
  defineEvent({
    type,
    version: 1,
    description,
    aggregateType: 'region',
    schema,
    aggregateId: (payload: RegionPayload) => payload.regionId,
  })

/** A region was created. Aggregate: `region` / `regionId`. */
export const regionCreated: EventDefinition<'region.created', RegionPayload> = regionEvent(
  'region.created',
  'A region (currency, countries, tax rule) was created.',
)

/** A region's name, countries or tax rule changed. Aggregate: `region` / `regionId`. */
export const regionUpdated: EventDefinition<'region.updated', RegionPayload> = regionEvent(
  'region.updated',
  "A region's name, countries or tax rule changed.",
)

/** A region was deleted, with its regional prices. Aggregate: `region` / `regionId`. */
export const regionDeleted: EventDefinition<'region.deleted', RegionPayload> = regionEvent(
  'region.deleted',
  'A region was deleted; its regional prices went with it.',
)
