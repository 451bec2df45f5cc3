import { isPermanentError, type EventDispatcher } from '@rustok/core-events'
import { PermanentDeliveryError, type EventTransport } from './event-transport'
import { OutboxError } from './outbox-error'

/**
 * The in-process transport (L0 behind the L1 outbox): the relay hands each event to a core-events
 * dispatcher and marks the row dispatched once every matching handler succeeded. If a handler
 * gave up, the delivery fails and the relay retries the whole row with its own backoff and dead
 * letters (handlers that had succeeded skip the redelivery through the inbox). The dispatcher
 * must be created with `maxAttempts: 1`, so retries are the relay's, recorded on the row; any
 * other dispatcher is refused with `OutboxError` `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const dispatcher = createEventDispatcher({ maxAttempts: 1 })
 * dispatcher.register(createIdempotentHandler({ name: 'search', types: ['node.created'], db, handle }))
 * const relay = createRelay({ db, catalog, transport: dispatcherTransport(dispatcher) })
 * ```
 */
export function dispatcherTransport(
  dispatcher: Pick<EventDispatcher, 'dispatch' | 'maxAttempts'>,
): EventTransport {
  if (dispatcher.maxAttempts !== 1) {
    // Retries inside one relay attempt multiply: 10 relay attempts × 5 would run a failing
    // handler 50 times with 10 recorded on the row.
    throw new OutboxError(
      'INVALID_INPUT',
      `dispatcherTransport needs a dispatcher created with maxAttempts: 1 (got ${dispatcher.maxAttempts}): the relay retries and records each attempt`,
    )
  }
  return {
    async deliver(envelope) {
      const { deadLettered } = await dispatcher.dispatch(envelope)
      if (deadLettered.length === 0) return
      const summary = deadLettered
        .map(
          ({ handler, error }) =>
            `${handler}: ${error instanceof Error ? error.message : String(error)}`,
        )
        .join('; ')
      const permanent = deadLettered.every(({ error }) => isPermanentError(error))
      const cause = deadLettered[0]?.error
      throw permanent
        ? new PermanentDeliveryError(`handlers failed: ${summary}`, { cause })
        : new Error(`handlers failed: ${summary}`, { cause })
    },
  }
}
