import { validateEnvelope, type EventCatalog, type EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import { OutboxError } from './outbox-error'
import type { AnyKysely } from './outbox-tables'

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
  /**
   * Called by {@link Outbox.publishInTx} with the highest `seq` it inserted (a decimal string),
   * before the transaction commits: a server reports it to the client that made the write, which
   * can then ask a read model to have applied it (read-your-writes). Runs in the caller's async
   * context, so an `AsyncLocalStorage` of the request sees it. If the transaction rolls back, the
   * position names no event; waiting for it still ends once the events before it are applied.
   */
  readonly onWritten?: (position: string) => void
}

/** Writes events in the caller's transaction and wakes the relays after commit. */
export interface Outbox {
  /**
   * Validates `envelopes` and inserts them into `sys_events` inside `trx` (E1). If the
   * transaction rolls back, no event exists; once it commits, every event will be delivered.
   * The whole envelope is checked (ids are UUIDs, compared in lowercase) before any SQL runs.
   * Throws `CoreEventsError` `INVALID_EVENT` (or `UNKNOWN_EVENT_TYPE`), or `OutboxError`
   * `INTERNAL` for an envelope of another version than the catalogue's or for a `trx` that is not
   * a transaction; the caller's transaction then rolls back. Each is a bug of the code that built
   * the event (a server error), not bad input. Call {@link Outbox.committed} after the commit, or
   * use {@link Outbox.transaction}.
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
export function createOutbox({ catalog, notify = false, onWritten }: OutboxOptions): Outbox {
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
      if (!trx.isTransaction) {
        // Outside a transaction the events would commit without the change they describe (or
        // the change without them): exactly what the outbox exists to prevent.
        throw new OutboxError(
          'INTERNAL',
          'publishInTx needs a transaction (db.transaction().execute(trx => …) or outbox.transaction)',
        )
      }
      if (envelopes.length === 0) return
      const rows = envelopes.map((given, ord) => {
        // One contract for every field (UUID ids, canonical case), checked before any SQL runs.
        const envelope = validateEnvelope(given)
        const definition = catalog.get(envelope.type)
        if (envelope.version !== definition.version) {
          // The caller's code built the envelope at a stale version: a bug, not bad input.
          throw new OutboxError(
            'INTERNAL',
            `Event ${envelope.type} is written at version ${envelope.version}, but the current version is ${definition.version}`,
          )
        }
        catalog.validate(envelope.type, envelope.payload)
        return { ...envelope, ord }
      })
      const position = await insertEvents(trx, rows)
      onWritten?.(position)
    },
    async transaction(db, work) {
      const result = await db.transaction().execute(work)
      outbox.committed(db)
      return result
    },
    committed(db) {
      for (const listener of listeners) {
        try {
          listener()
        } catch {
          // A wake-up is a hint: the commit has happened, and relays poll anyway.
        }
      }
      if (notify) sendNotify(db as Kysely<unknown>)
    },
    onCommitted(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return outbox
}

/**
 * Inserts the events in one statement (one round trip, whatever the batch size) and returns the
 * highest `seq` it gave them. It first takes a
 * transaction-scoped advisory lock per aggregate, in a fixed order so that two transactions
 * cannot deadlock on them. Held until commit, the lock queues up other writers of the same
 * aggregate, which makes insertion order equal commit order per aggregate (ADR 0006). (Two
 * aggregates whose keys hash alike merely queue up too.) Both statements build the key from the
 * tenant id as PostgreSQL prints a `uuid`, so one tenant has one key whatever case it was given in.
 */
async function insertEvents(
  trx: AnyKysely,
  events: ReadonlyArray<EventEnvelope & { readonly ord: number }>,
): Promise<string> {
  const [only] = events
  if (events.length === 1 && only) {
    // The common case, one event per command: a plain statement is far cheaper to plan.
    const single = await sql<{ seq: string }>`
      with guard as (
        select pg_advisory_xact_lock(hashtextextended(
          ${only.tenantId}::uuid::text || '/' || ${only.aggregateType} || '/' || ${only.aggregateId},
          ${lockSeed}))
      )
      insert into sys_events (
        id, tenant_id, type, version, aggregate_type, aggregate_id, actor_id,
        correlation_id, causation_id, trace_id, occurred_at, payload)
      select ${only.id}, ${only.tenantId}, ${only.type}, ${only.version}, ${only.aggregateType},
        ${only.aggregateId}, ${only.actorId}, ${only.correlationId}, ${only.causationId},
        ${only.traceId}, ${only.occurredAt}, ${JSON.stringify(only.payload)}
      from guard
      returning seq::text`.execute(trx)
    return single.rows[0]?.seq ?? '0'
  }
  const inserted = await sql<{ seq: string }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(
        "id" uuid, "type" text, "version" integer, "tenantId" uuid, "actorId" text,
        "aggregateType" text, "aggregateId" text, "correlationId" uuid, "causationId" uuid,
        "traceId" text, "occurredAt" timestamptz, "payload" jsonb, "ord" integer)
    ),
    guard as (
      select count(pg_advisory_xact_lock(key)) as locked
      from (
        select distinct hashtextextended(
          "tenantId"::text || '/' || "aggregateType" || '/' || "aggregateId", ${lockSeed}) as key
        from input
        order by key
      ) keys
    )
    insert into sys_events (
      id, tenant_id, type, version, aggregate_type, aggregate_id, actor_id,
      correlation_id, causation_id, trace_id, occurred_at, payload)
    select
      i."id", i."tenantId", i."type", i."version", i."aggregateType", i."aggregateId",
      i."actorId", i."correlationId", i."causationId", i."traceId", i."occurredAt", i."payload"
    from input i cross join guard
    order by i."ord"
    returning seq`.execute(trx)
  // The highest: bigints as text compare by length first.
  return inserted.rows
    .map((row) => String(row.seq))
    .reduce((a, b) => (a.length > b.length || (a.length === b.length && a > b) ? a : b), '0')
}

// Keeps the outbox's advisory locks apart from other users of hashtextextended keys.
const lockSeed = 0x7275_7374
