import { expectTypeOf, test } from 'vitest'
import { createEventCatalog } from './event-catalog'
import { platformEvents } from './platform-events'

test('a composed catalogue keeps payload types per event type', () => {
  const catalog = createEventCatalog(platformEvents)
  expectTypeOf(catalog.validate('user.registered', {}).email).toEqualTypeOf<string>()
  expectTypeOf(catalog.get('locale.enabled').type).toEqualTypeOf<'locale.enabled'>()
  const decoded = catalog.decode({ type: 'module.enabled', version: 1, payload: {} })
  if (decoded.type === 'module.enabled')
    expectTypeOf(decoded.payload.module).toEqualTypeOf<string>()
  const merged = createEventCatalog([platformEvents[0]!]).merge(platformEvents)
  expectTypeOf(merged.list()).toEqualTypeOf<readonly (typeof platformEvents)[number][]>()
})
