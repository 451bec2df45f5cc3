import type { EventEnvelope } from '@rustok/core-events'
import type { AnyKysely } from './tenant-tables'

/**
 * The slice of the transactional outbox this package writes through. `createOutbox(…)` from
 * `@rustok/outbox` satisfies it; core packages may not import that feature package.
 */
export interface EventWriter {
  /** Writes `envelopes` inside the caller's transaction `trx`: they commit or roll back with it. */
  publishInTx(trx: AnyKysely, envelopes: readonly EventEnvelope[]): Promise<void>
  /**
   * Called after each write's transaction has committed (the outbox's `committed`, which wakes
   * its relays). Optional: without it, relays find the events at their next poll.
   */
  committed?(db: AnyKysely): void
}

/** Who makes a change, and the chain or trace it belongs to; copied into the change's event. */
export interface ChangeActor {
  /** Acting user id or system actor name; omitted or `null` for the system itself. */
  readonly actorId?: string | null
  /** Chain to join; omitted starts a new chain. */
  readonly correlationId?: string | null
  /** Direct cause (an event or command id). */
  readonly causationId?: string | null
  /** W3C trace id of the current span, if any. */
  readonly traceId?: string | null
}
