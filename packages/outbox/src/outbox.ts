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
      const db = trx as unknown as Kysely<OutboxTables>
      const nextSeq = await reserveAggregateSeqs(db, envelopes)
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
          aggregate_seq: nextSeq(envelope),
          actor_id: envelope.actorId,
          correlation_id: envelope.correlationId,
          causation_id: envelope.causationId,
          trace_id: envelope.traceId,
          occurred_at: envelope.occurredAt,
          payload: JSON.stringify(envelope.payload),
        }
      })
      await db.insertInto('sys_events').values(rows).execute()
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

const streamKey = (tenantId: string, aggregateType: string, aggregateId: string): string =>
  `${tenantId.toLowerCase()}\u0000${aggregateType}\u0000${aggregateId}`

/**
 * Bumps each aggregate's stream row by its number of events and returns a function handing out
 * their `aggregate_seq` in order. The row lock held until commit queues up other writers of the
 * same aggregates, which makes insertion order equal commit order per aggregate. Rows are locked
 * in key order, so two transactions touching the same aggregates cannot deadlock on them here.
 */
async function reserveAggregateSeqs(
  db: Kysely<OutboxTables>,
  envelopes: readonly EventEnvelope[],
): Promise<(envelope: EventEnvelope) => string> {
  const streams = new Map<
    string,
    { tenant_id: string; aggregate_type: string; aggregate_id: string; count: number }
  >()
  for (const { tenantId, aggregateType, aggregateId } of envelopes) {
    const key = streamKey(tenantId, aggregateType, aggregateId)
    const stream = streams.get(key)
    if (stream) stream.count += 1
    else
      streams.set(key, {
        tenant_id: tenantId,
        aggregate_type: aggregateType,
        aggregate_id: aggregateId,
        count: 1,
      })
  }
  const ordered = [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const versions = await db
    .insertInto('sys_event_streams')
    .values(ordered.map(([, { count, ...stream }]) => ({ ...stream, version: String(count) })))
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'aggregate_type', 'aggregate_id'])
        .doUpdateSet({ version: sql<string>`sys_event_streams.version + excluded.version` }),
    )
    .returning(['tenant_id', 'aggregate_type', 'aggregate_id', 'version'])
    .execute()
  const next = new Map<string, bigint>()
  for (const row of versions) {
    const key = streamKey(row.tenant_id, row.aggregate_type, row.aggregate_id)
    next.set(key, BigInt(row.version) - BigInt(streams.get(key)?.count ?? 0) + 1n)
  }
  return (envelope) => {
    const key = streamKey(envelope.tenantId, envelope.aggregateType, envelope.aggregateId)
    const seq = next.get(key) ?? 1n
    next.set(key, seq + 1n)
    return String(seq)
  }
}
