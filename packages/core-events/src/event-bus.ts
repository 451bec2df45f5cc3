import mitt from 'mitt'
import type { Emitter } from 'mitt'
import { CoreEventsError } from './core-events-error'
import type { EventEnvelope } from './event-envelope'

/** Receives envelopes from an {@link EventSubscriber}. It runs synchronously and should not throw. */
export type EnvelopeListener = (envelope: EventEnvelope) => void

/** Removes the listener it was returned for; calling it again does nothing. */
export type Unsubscribe = () => void

/**
 * The publishing half of an event transport (E5): the one interface that the in-process bus (L0),
 * the outbox (L1) and a durable stream (L2) all implement. Depend on this, not on a transport.
 */
export interface EventPublisher {
  /** Hands an envelope to the transport; resolves once the transport has taken it. */
  publish(envelope: EventEnvelope): Promise<void>
}

/** The subscribing half of an event transport. */
export interface EventSubscriber {
  /**
   * Calls `listener` for every envelope of `type` (an exact dotted type), or of every type for
   * `'*'`. Returns the function that unsubscribes.
   */
  subscribe(type: string, listener: EnvelopeListener): Unsubscribe
}

/** The L0 in-process transport: both halves. */
export interface EventBus extends EventPublisher, EventSubscriber {}

/**
 * Creates the L0 in-process bus on mitt: best-effort, at-most-once, process-local (lost on a crash;
 * nobody listening means nobody gets it). `publish` fans out synchronously — listeners for the exact
 * type first, then `'*'` listeners, each in subscription order — and has called every listener by
 * the time it returns. There are no retries: put an `EventDispatcher` behind a listener for that.
 *
 * A throwing listener does not stop the others; after the fan-out `publish` rejects with a
 * `CoreEventsError` of code `LISTENER_FAILED` whose `cause` is the listener's error (an
 * `AggregateError` when several threw), so a bug in a listener is never silent.
 *
 * @example
 * ```ts
 * const bus = createEventBus()
 * const unsubscribe = bus.subscribe('tenant.created', (envelope) => {
 *   void dispatcher.dispatch(envelope)
 * })
 * await bus.publish(envelope)
 * unsubscribe()
 * ```
 */
export function createEventBus(): EventBus {
  const emitter: Emitter<Record<string, EventEnvelope>> = mitt<Record<string, EventEnvelope>>()
  // Errors of the publish that is fanning out right now (publish may be re-entered by a listener).
  let failures: unknown[] = []

  const guard = (listener: EnvelopeListener) => (envelope: EventEnvelope) => {
    try {
      listener(envelope)
    } catch (error) {
      failures.push(error)
    }
  }

  return {
    publish(envelope) {
      const outer = failures
      failures = []
      let mine: unknown[]
      try {
        emitter.emit(envelope.type, envelope)
      } finally {
        mine = failures
        failures = outer
      }
      if (mine.length === 0) return Promise.resolve()
      const cause = mine.length === 1 ? mine[0] : new AggregateError(mine)
      return Promise.reject(
        new CoreEventsError(
          'LISTENER_FAILED',
          `${mine.length} listener(s) of "${envelope.type}" threw`,
          { cause },
        ),
      )
    },
    subscribe(type, listener) {
      let active = true
      if (type === '*') {
        const guarded = guard(listener)
        const wildcard = (_type: string, envelope: EventEnvelope): void => guarded(envelope)
        emitter.on('*', wildcard)
        return () => {
          if (active) emitter.off('*', wildcard)
          active = false
        }
      }
      const guarded = guard(listener)
      emitter.on(type, guarded)
      return () => {
        if (active) emitter.off(type, guarded)
        active = false
      }
    },
  }
}
