import type { EventContext, EventEnvelope } from '@rustok/core-events'
import type { Kysely } from 'kysely'

/**
 * The slice of an outbox that core-auth writes its events through (the transactional outbox of
 * `@rustok/outbox` fits it as it is; core-* packages may not import it). Every event is written in
 * the same transaction as the state change it reports, so a rollback leaves no event.
 */
export interface EventWriter {
  /** Validates and stores `envelopes` inside `trx`. A throw rolls the caller's transaction back. */
  // Events are written into whatever schema the application uses.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  publishInTx(trx: Kysely<any>, envelopes: readonly EventEnvelope[]): Promise<void>
  /** Optional wake-up after a commit (the outbox's `committed`); relays poll without it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  committed?(db: Kysely<any>): void
}

/** Who is acting and in which chain or trace: the event context without the tenant. */
export type AuthEventContext = Omit<EventContext, 'tenantId'>
