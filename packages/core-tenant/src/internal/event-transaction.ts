import type { Kysely, Transaction } from 'kysely'
import type { EventWriter } from '../event-writer'

/**
 * Runs `work` in a transaction of `db`; once it has committed, tells the writer (the outbox wakes
 * its relays), so the change's events leave at once instead of at the next poll.
 */
export async function transactionWithEvents<DB, T>(
  db: Kysely<DB>,
  events: EventWriter,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const result = await db.transaction().execute(work)
  events.committed?.(db)
  return result
}
