// The benchmark's business table, its event and the command it times, next to the outbox.
import type { MigrationModule } from '@rustok/core-db'
import {
  createEnvelope,
  createEventCatalog,
  defineEvent,
  type EventCatalog,
  type EventDefinition,
  type EventEnvelope,
} from '@rustok/core-events'
import type { Outbox, OutboxTables } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import * as v from 'valibot'

export const benchTenantId = '0190a000-0000-7000-8000-0000000000be'

/** Something happened to a bench item, the n-th time. */
export const itemTouched: EventDefinition<'bench.item_touched', { itemId: string; n: number }> =
  defineEvent({
    type: 'bench.item_touched',
    version: 1,
    description: 'Benchmark event.',
    aggregateType: 'bench_item',
    schema: v.object({ itemId: v.string(), n: v.number() }),
    aggregateId: (payload) => payload.itemId,
  })

export const benchCatalog: EventCatalog = createEventCatalog([itemTouched])

/** The application's table next to the outbox's. */
export interface BenchDb extends OutboxTables {
  bench_item: { id: string; counter: number }
}

export const benchModule: MigrationModule = {
  name: 'bench',
  migrations: {
    '0001_bench_item': {
      up: (db) =>
        db.schema
          .createTable('bench_item')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('counter', 'integer', (c) => c.notNull().defaultTo(0))
          .execute(),
    },
  },
}

/** Id of the `index`-th bench item (and aggregate). */
export function itemId(index: number): string {
  return `item-${index}`
}

export function touched(index: number, n: number): EventEnvelope {
  return createEnvelope(itemTouched, { itemId: itemId(index), n }, { tenantId: benchTenantId })
}

/** Inserts `count` bench items. */
export async function seedItems(db: Kysely<BenchDb>, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, count - start) }, (_, i) => ({
      id: itemId(start + i),
      counter: 0,
    }))
    await db.insertInto('bench_item').values(rows).execute()
  }
}

/** The command: one transaction that updates one business row and, if `outbox`, publishes one event. */
export type Command = (index: number, n: number) => Promise<string | undefined>

export function commandWithOutbox(db: Kysely<BenchDb>, outbox: Outbox): Command {
  return async (index, n) => {
    const envelope = touched(index, n)
    await outbox.transaction(db, async (trx) => {
      await bump(trx, index)
      await outbox.publishInTx(trx, [envelope])
    })
    return envelope.id
  }
}

/**
 * A command that changes one item and records `events` events of it in one transaction (a bulk
 * change of one aggregate); returns the event ids.
 */
export async function burstCommand(
  db: Kysely<BenchDb>,
  outbox: Outbox,
  { index, events }: { index: number; events: number },
): Promise<string[]> {
  const envelopes = Array.from({ length: events }, (_, n) => touched(index, n))
  await outbox.transaction(db, async (trx) => {
    await bump(trx, index)
    await outbox.publishInTx(trx, envelopes)
  })
  return envelopes.map((envelope) => envelope.id)
}

export function commandWithoutOutbox(db: Kysely<BenchDb>): Command {
  return async (index) => {
    await db.transaction().execute((trx) => bump(trx, index))
    return undefined
  }
}

async function bump(trx: Kysely<BenchDb>, index: number): Promise<void> {
  await trx
    .updateTable('bench_item')
    .set((eb) => ({ counter: eb('counter', '+', 1) }))
    .where('id', '=', itemId(index))
    .execute()
}
