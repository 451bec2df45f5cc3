import type { EventCatalog, EventEnvelope } from '@rustok/core-events'
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
      const rows = envelopes.map((envelope, ord) => {
        const definition = catalog.get(envelope.type)
        if (envelope.version !== definition.version) {
          throw new OutboxError(
            'INVALID_INPUT',
            `Event ${envelope.type} is written at version ${envelope.version}, but the current version is ${definition.version}`,
          )
        }
        catalog.validate(envelope.type, envelope.payload)
        return { ...envelope, ord }
      })
      await insertEvents(trx, rows)
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

/**
 * Inserts the events in one statement (one round trip, whatever the batch size). It first bumps
 * each aggregate's `sys_event_streams` row, in key order so that two transactions cannot deadlock
 * on them; the row lock, held until commit, queues up other writers of the same aggregate, which
 * makes insertion order equal commit order per aggregate (ADR 0006). The bumped version gives each
 * event its `aggregate_seq`.
 */
async function insertEvents(
  trx: AnyKysely,
  events: ReadonlyArray<EventEnvelope & { readonly ord: number }>,
): Promise<void> {
  const [only] = events
  if (events.length === 1 && only) {
    // The common case, one event per command: a plain statement is far cheaper to plan.
    await sql`
      with stream as (
        insert into sys_event_streams (tenant_id, aggregate_type, aggregate_id, version)
        values (${only.tenantId}, ${only.aggregateType}, ${only.aggregateId}, 1)
        on conflict (tenant_id, aggregate_type, aggregate_id)
        do update set version = sys_event_streams.version + 1
        returning version
      )
      insert into sys_events (
        id, tenant_id, type, version, aggregate_type, aggregate_id, aggregate_seq, actor_id,
        correlation_id, causation_id, trace_id, occurred_at, payload)
      select ${only.id}, ${only.tenantId}, ${only.type}, ${only.version}, ${only.aggregateType},
        ${only.aggregateId}, stream.version, ${only.actorId}, ${only.correlationId},
        ${only.causationId}, ${only.traceId}, ${only.occurredAt}, ${JSON.stringify(only.payload)}
      from stream`.execute(trx)
    return
  }
  await sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(
        "id" uuid, "type" text, "version" integer, "tenantId" uuid, "actorId" text,
        "aggregateType" text, "aggregateId" text, "correlationId" uuid, "causationId" uuid,
        "traceId" text, "occurredAt" timestamptz, "payload" jsonb, "ord" integer)
    ),
    counts as (
      select "tenantId", "aggregateType", "aggregateId", count(*) as n
      from input group by 1, 2, 3
    ),
    streams as (
      insert into sys_event_streams (tenant_id, aggregate_type, aggregate_id, version)
      select "tenantId", "aggregateType", "aggregateId", n from counts order by 1, 2, 3
      on conflict (tenant_id, aggregate_type, aggregate_id)
      do update set version = sys_event_streams.version + excluded.version
      returning tenant_id, aggregate_type, aggregate_id, version
    )
    insert into sys_events (
      id, tenant_id, type, version, aggregate_type, aggregate_id, aggregate_seq, actor_id,
      correlation_id, causation_id, trace_id, occurred_at, payload)
    select
      i."id", i."tenantId", i."type", i."version", i."aggregateType", i."aggregateId",
      s.version - c.n + row_number() over (
        partition by i."tenantId", i."aggregateType", i."aggregateId" order by i."ord"),
      i."actorId", i."correlationId", i."causationId", i."traceId", i."occurredAt", i."payload"
    from input i
    join counts c using ("tenantId", "aggregateType", "aggregateId")
    join streams s
      on s.tenant_id = i."tenantId" and s.aggregate_type = i."aggregateType" and s.aggregate_id = i."aggregateId"
    order by i."ord"`.execute(trx)
}
