import type { EventEnvelope } from '@rustok/core-events'

/**
 * Where the relay hands events (E5): in process (a dispatcher, L0/L1) or a durable stream (NATS
 * JetStream, L2). `deliver` resolves only once the event is safely handled or accepted (a
 * JetStream ack); the relay marks the row dispatched only then. Rejecting retries the row with
 * backoff; rejecting with an error for which `isPermanentDeliveryError` is true dead-letters it
 * at once.
 */
export interface EventTransport {
  /** Delivers one event; the relay calls this concurrently for events of different aggregates. */
  deliver(envelope: EventEnvelope): Promise<void>
  /** Releases connections; the relay does not call it (the owner of the transport does). */
  close?(): Promise<void>
}

/** Marks a delivery failure that retrying cannot fix (a malformed event, a rejected subject). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError'
}

/** True for errors that should dead-letter an event without further attempts. */
export function isPermanentDeliveryError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'PermanentDeliveryError') return true
  // Errors from other packages can opt in with `retryable: false` (requirement D1).
  return (error as { retryable?: unknown }).retryable === false
}
