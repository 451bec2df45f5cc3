import { expectTypeOf, test } from 'vitest'
import { createEventCatalog } from './event-catalog'
import { sampleEvents } from './sample-events.test-helper'

test('a composed catalogue keeps payload types per event type', () => {
  const catalog = createEventCatalog(sampleEvents)
  expectTypeOf(catalog.validate('index.updated', {}).indexName).toEqualTypeOf<string>()
  expectTypeOf(catalog.get('tenant.disabled').type).toEqualTypeOf<'tenant.disabled'>()
  const decoded = catalog.decode({ type: 'tenant.created', version: 1, payload: {} })
  if (decoded.type === 'tenant.created')
    expectTypeOf(decoded.payload.tenantId).toEqualTypeOf<string>()
  const merged = createEventCatalog([sampleEvents[0]!]).merge(sampleEvents)
  expectTypeOf(merged.list()).toEqualTypeOf<readonly (typeof sampleEvents)[number][]>()
})
