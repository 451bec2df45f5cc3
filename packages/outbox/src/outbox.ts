import type { EventCatalog, EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import { OutboxError } from './outbox-error'
import type { AnyKysely, OutboxTables } from './outbox-tables'

/** The NOTIFY channel relays in other processes LISTEN on. */
export const outboxChannel = 'rustok_outbox'

/** Options for {@link createOutbox}. */
export interface OutboxOptions {
  /** Every event type the application may publish; envelopes are re-validated against it (E2). */
  readonly catalog: EventCatalog
  /**
   * Also send `NOTIFY rustok_outbox` after commits, for relays in other processes. Default false:
   * relays in this process are woken directly; others poll.
   */
  readonly notify?: boolean
}

/** Writes events in the caller's transaction and wakes the relays after commit. */
export interface Outbox {
  /**
   * Validates `envelopes` and inserts them into `sys_events` inside `trx` (E1). If the
   * transaction rolls back, no event exists; once it commits, every event will be delivered.
   * Throws `CoreEventsError` `INVALID_EVENT` (or `UNKNOWN_EVENT_TYPE`), which rolls the caller's
   * transaction back. Call {@link Outbox.committed} after the commit, or use {@link Outbox.transaction}.
   */
  publishInTx(trx: AnyKysely, envelopes: readonly EventEnvelope[]): Promise<void>
  /** Runs `work` in a transaction of `db`, then wakes the relays if it committed. */
  transaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T>
  /** Tells relays that events were committed. Coalesced: a burst of commits sends one NOTIFY. */
  committed<DB>(db: Kysely<DB>): void
  /** Subscribes a same-process relay to commit wake-ups; returns the unsubscribe function. */
  onCommitted(listener: () => void): () => void
}

/**
 * Creates the outbox writer.
 *
 * @example
 * ```ts
 * const outbox = createOutbox({ catalog })
 * await outbox.transaction(db, async (trx) => {
 *   await trx.insertInto('node').values(node).execute()
 *   await outbox.publishInTx(trx, [createEnvelope(nodeCreated, { nodeId: node.id, kind: 'post' }, ctx)])
 * })
 * ```
 */
export function createOutbox({ catalog, notify = false }: OutboxOptions): Outbox {
  const listeners = new Set<() => void>()
  let notifying = false
  let notifyAgain = false

  const sendNotify = (db: Kysely<unknown>): void => {
    if (notifying) {
      notifyAgain = true
      return
    }
    notifying = true
    sql`select pg_notify(${outboxChannel}, '')`
      .execute(db)
      .catch(() => {
        // Relays poll as well: a lost wake-up only delays delivery.
      })
      .finally(() => {
        notifying = false
        if (notifyAgain) {
          notifyAgain = false
          sendNotify(db)
        }
      })
  }

  const outbox: Outbox = {
    async publishInTx(trx, envelopes) {
      if (envelopes.length === 0) return
      const rows = envelopes.map((envelope) => {
        const definition = catalog.get(envelope.type)
        if (envelope.version !== definition.version) {
          throw new OutboxError(
            'INVALID_INPUT',
            `Event ${envelope.type} is written at version ${envelope.version}, but the current version is ${definition.version}`,
          )
        }
        catalog.validate(envelope.type, envelope.payload)
        return {
          id: envelope.id,
          tenant_id: envelope.tenantId,
          type: envelope.type,
          version: envelope.version,
          aggregate_type: envelope.aggregateType,
          aggregate_id: envelope.aggregateId,
          actor_id: envelope.actorId,
          correlation_id: envelope.correlationId,
          causation_id: envelope.causationId,
          trace_id: envelope.traceId,
          occurred_at: envelope.occurredAt,
          payload: JSON.stringify(envelope.payload),
        }
      })
      await (trx as unknown as Kysely<OutboxTables>).insertInto('sys_events').values(rows).execute()
    },
    async transaction(db, work) {
      const result = await db.transaction().execute(work)
      outbox.committed(db)
      return result
    },
    committed(db) {
      for (const listener of listeners) listener()
      if (notify) sendNotify(db as Kysely<unknown>)
    },
    onCommitted(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return outbox
}
