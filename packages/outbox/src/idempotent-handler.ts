import type { EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import type { OutboxTables } from './outbox-tables'

/** Options for {@link createIdempotentHandler}. */
export interface IdempotentHandlerOptions<DB> {
  /** Stable handler name: the inbox key. Renaming it makes old events look unhandled. */
  readonly name: string
  /** Event types handled, or `'*'`. */
  readonly types: readonly string[] | '*'
  readonly db: Kysely<DB>
  /** The handler's own writes; they commit together with the inbox row, or not at all. */
  readonly handle: (trx: Kysely<DB>, envelope: EventEnvelope) => Promise<void>
  /** Deliveries this handler may run at once. Default 1. */
  readonly concurrency?: number
}

/** A handler registration: a name, the types it takes and what to run. */
export interface IdempotentHandler {
  readonly name: string
  readonly types: readonly string[] | '*'
  readonly concurrency: number
  /** Applies the event once; a redelivery is a no-op. Register this with a dispatcher. */
  handle(envelope: EventEnvelope): Promise<void>
  /** Like `handle`, and tells whether this call applied it (`false`: it had been applied before). */
  apply(envelope: EventEnvelope): Promise<boolean>
}

/**
 * Wraps a database-writing handler so that redelivery never applies its effects twice (E6): the
 * inbox row `(handler, event id)` is inserted in the same transaction as the handler's writes; a
 * redelivered event finds the row and is skipped, and a failed attempt leaves neither behind.
 * This is the default way to register a handler that writes to the database.
 *
 * @example
 * ```ts
 * dispatcher.register(createIdempotentHandler({
 *   name: 'search-index',
 *   types: ['node.created'],
 *   db,
 *   handle: async (trx, event) => { await trx.insertInto('search_doc').values(toDoc(event)).execute() },
 * }))
 * ```
 */
export function createIdempotentHandler<DB>(
  options: IdempotentHandlerOptions<DB>,
): IdempotentHandler {
  const { name, types, db, handle, concurrency = 1 } = options
  const apply = (envelope: EventEnvelope): Promise<boolean> =>
    db.transaction().execute(async (trx) => {
      const claimed = await sql<{ event_id: string }>`
          insert into sys_inbox (handler, event_id) values (${name}, ${envelope.id})
          on conflict do nothing
          returning event_id`.execute(trx)
      if (claimed.rows.length === 0) return false
      await handle(trx, envelope)
      return true
    })
  return {
    name,
    types,
    concurrency,
    apply,
    handle: async (envelope) => {
      await apply(envelope)
    },
  }
}

/** Deletes inbox rows older than `olderThanMs` (keep it well past the longest redelivery window). */
export async function pruneInbox<DB>(db: Kysely<DB>, olderThanMs: number): Promise<number> {
  const result = await (db as unknown as Kysely<OutboxTables>)
    .deleteFrom('sys_inbox')
    .where('handled_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
