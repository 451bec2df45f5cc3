import { createEventDispatcher, type EventHandler } from '@rustok/core-events'
import { createRelay, dispatcherTransport, type Relay } from '@rustok/outbox'
import type { Services } from '../../compose/services'

/** A relay over the test server's outbox, delivering to `handlers` in this process. */
export interface TestRelay {
  readonly relay: Relay
  /** Delivers batches until nothing deliverable is left. */
  drain(): Promise<void>
}

/**
 * The worker's delivery path without its timers: outbox → relay → dispatcher → handlers. One
 * attempt per row and no backoff, so a failing handler dead-letters its event within one drain.
 */
export function createTestRelay(options: {
  readonly services: Services
  readonly handlers: readonly EventHandler[]
}): TestRelay {
  const { services, handlers } = options
  const dispatcher = createEventDispatcher({ maxAttempts: 1 })
  for (const handler of handlers) dispatcher.register(handler)
  const relay = createRelay({
    db: services.db,
    catalog: services.catalog,
    transport: dispatcherTransport(dispatcher),
    maxAttempts: 1,
    backoff: () => 0,
  })
  return {
    relay,
    async drain() {
      while ((await relay.runOnce()) > 0) {
        // another batch
      }
    },
  }
}
