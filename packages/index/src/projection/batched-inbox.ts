import type { EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- writes the inbox on any database with the outbox's tables */

/** What {@link createBatchedInbox} runs: the events new to the inbox, in the batch's transaction. */
type ApplyBatch = (trx: Kysely<any>, events: readonly EventEnvelope[]) => Promise<void>

/** Options of {@link createBatchedInbox}. */
export interface BatchedInboxOptions {
  /** The inbox key (`sys_inbox.handler`). */
  readonly name: string
  readonly db: Kysely<any>
  /** Runs before a batch's transaction opens (reads through caches on another connection). */
  readonly prepare: (events: readonly EventEnvelope[]) => Promise<ApplyBatch>
  /** Most events in one transaction. */
  readonly maxBatch: number
}

interface Waiting {
  readonly event: EventEnvelope
  readonly settle: (outcome: { applied: boolean } | { error: unknown }) => void
}

/**
 * An idempotent handler (inbox) that applies the events handed to it while a transaction is
 * running together, in the next transaction: one inbox insert, one apply over all of them, one
 * commit. The projection re-reads its entities, so N events on M entities cost one read of the M
 * instead of N transactions of ~20 statements each (ADR 0035's profile: that was the relay's
 * ~15 events/s on PostgreSQL). A batch that fails is retried event by event, so one bad event
 * fails alone. Each event's promise settles when its own transaction has committed (or failed),
 * which is what the relay waits for before it delivers the aggregate's next event.
 */
export function createBatchedInbox(
  options: BatchedInboxOptions,
): (event: EventEnvelope) => Promise<boolean> {
  const { name, db, prepare, maxBatch } = options
  let queue: Waiting[] = []
  let draining = false

  /** Applies `events` in one transaction; returns the ids this call applied (new to the inbox). */
  const applyAll = async (events: readonly EventEnvelope[]): Promise<Set<string>> => {
    const apply = await prepare(events)
    return db.transaction().execute(async (trx) => {
      const ids = [...new Set(events.map((event) => event.id))]
      const claimed = await sql<{ event_id: string }>`
        insert into sys_inbox (handler, event_id)
        select ${name}, id from unnest(${ids}::uuid[]) as id
        on conflict do nothing
        returning event_id`.execute(trx)
      const fresh = new Set(claimed.rows.map((row) => row.event_id))
      if (fresh.size > 0)
        await apply(
          trx,
          events.filter((event) => fresh.has(event.id)),
        )
      return fresh
    })
  }

  const settleOne = async (waiting: Waiting): Promise<void> => {
    try {
      const applied = await applyAll([waiting.event])
      waiting.settle({ applied: applied.has(waiting.event.id) })
    } catch (error) {
      waiting.settle({ error })
    }
  }

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch)
      queue = queue.slice(maxBatch)
      if (batch.length === 1) {
        await settleOne(batch[0]!)
        continue
      }
      try {
        const applied = await applyAll(batch.map((waiting) => waiting.event))
        // A duplicate delivery in the same batch: the first is the one that applied it.
        const seen = new Set<string>()
        for (const waiting of batch) {
          const id = waiting.event.id
          waiting.settle({ applied: applied.has(id) && !seen.has(id) })
          seen.add(id)
        }
      } catch {
        // The whole batch rolled back: apply its events one by one, so only a bad one fails.
        for (const waiting of batch) await settleOne(waiting)
      }
    }
    draining = false
  }

  return (event) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({
        event,
        settle: (outcome) => {
          if ('applied' in outcome) resolve(outcome.applied)
          // The handler's own error, as the unbatched handler would have thrown it.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          else reject(outcome.error)
        },
      })
      if (draining) return
      draining = true
      // After the current turn: the deliveries a relay hands over together all join this batch.
      setImmediate(() => void drain())
    })
}
