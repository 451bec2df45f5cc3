// A command writes a row and its event in one transaction; the relay delivers the committed event
// to a handler whose writes are applied once, even when the event is delivered again.
// PGlite in memory. Run it: npx tsx examples/notes-outbox.ts
import { createDb, createMigrator, type MigrationModule } from '@rustok/core-db'
import {
  createEnvelope,
  createEventCatalog,
  createEventDispatcher,
  defineEvent,
  nonEmptyText,
  nonNilUuid,
  type EventPayload,
} from '@rustok/core-events'
import {
  createIdempotentHandler,
  createOutbox,
  createRelay,
  dispatcherTransport,
  outboxMigrations,
} from '@rustok/outbox'
import type { Generated } from 'kysely'
import * as v from 'valibot'

interface Database {
  note: { id: string; title: string }
  note_search: { id: Generated<number>; note_id: string; title: string }
}
const notes: MigrationModule = {
  name: 'notes',
  migrations: {
    '0001_note': {
      up: async (db) => {
        await db.schema
          .createTable('note')
          .addColumn('id', 'uuid', (c) => c.primaryKey())
          .addColumn('title', 'text')
          .execute()
        await db.schema
          .createTable('note_search')
          .addColumn('id', 'serial')
          .addColumn('note_id', 'uuid')
          .addColumn('title', 'text')
          .execute()
      },
    },
  },
}
const noteCreated = defineEvent({
  type: 'note.created',
  version: 1,
  description: 'A note was created.',
  aggregateType: 'note',
  schema: v.object({ noteId: nonNilUuid(), title: nonEmptyText(200) }),
  aggregateId: (payload) => payload.noteId,
})

const db = await createDb<Database>({ driver: 'pglite' })
await createMigrator({ db, modules: [outboxMigrations, notes] }).up()
const catalog = createEventCatalog([noteCreated])
const outbox = createOutbox({ catalog })

// A command: the row and its event commit together, or neither does.
const tenantId = crypto.randomUUID()
const note = { id: crypto.randomUUID(), title: 'Hello' }
const created = createEnvelope(noteCreated, { noteId: note.id, title: note.title }, { tenantId })
await outbox.transaction(db, async (trx) => {
  await trx.insertInto('note').values(note).execute()
  await outbox.publishInTx(trx, [created])
})

// A handler that writes uses the inbox: a redelivered event is applied once.
const dispatcher = createEventDispatcher({ maxAttempts: 1 }) // the relay owns retries
const search = createIdempotentHandler({
  name: 'search',
  types: ['note.created'],
  db,
  handle: async (trx, envelope) => {
    const { noteId, title } = catalog.decode(envelope).payload as EventPayload<typeof noteCreated>
    await trx.insertInto('note_search').values({ note_id: noteId, title }).execute()
  },
})
dispatcher.register(search)

const relay = createRelay({ db, catalog, transport: dispatcherTransport(dispatcher) })
console.log('delivered', await relay.runOnce(), 'event(s)')
// In a server: outbox.onCommitted(() => relay.wake()); relay.start(); on shutdown await relay.stop()

console.log('applied again when redelivered:', await search.apply(created))
console.log('search rows:', (await db.selectFrom('note_search').selectAll().execute()).length)
await db.destroy()
