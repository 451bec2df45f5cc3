// The validated POST the HTTP bench measures: a small JSON body, one insert and its outbox row in
// one transaction. Served through the whole server (a module like any other) and, for the
// baseline, by the same handler on a bare Hono route.
import { randomUUID } from 'node:crypto'
import type { MigrationModule } from '@rustok/core-db'
import { createEnvelope, defineEvent, type EventDefinition } from '@rustok/core-events'
import {
  AUTHENTICATED,
  defineRoute,
  defineServerModule,
  type ModuleCore,
  type Route,
  type ServerModule,
} from '@rustok/http'
import { sql } from 'kysely'
import * as v from 'valibot'

const NoteInput = v.object({ title: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) })
const NoteSchema = v.object({ id: v.string(), title: v.string() })

/** A bench note was written. */
export const noteCreated: EventDefinition<'bench.note_created', { noteId: string; title: string }> =
  defineEvent({
    type: 'bench.note_created',
    version: 1,
    description: 'A bench note was written (HTTP bench only).',
    aggregateType: 'bench_note',
    schema: v.object({ noteId: v.string(), title: v.string() }),
    aggregateId: (payload) => payload.noteId,
  })

const notesMigrations: MigrationModule = {
  name: 'bench-notes',
  migrations: {
    '0001_bench_notes': {
      up: async (db) => {
        await sql`create table if not exists bench_notes (
          id uuid primary key, tenant_id uuid not null, title text not null,
          created_at timestamptz not null default now())`.execute(db)
      },
    },
  },
}

/** The handler of `POST /api/bench/notes`, mountable bare: it reads `tenantId` from the context. */
export function createNoteHandler(core: Pick<ModuleCore, 'db' | 'outbox'>) {
  return async (
    c: { get(key: 'tenantId'): string; json(body: unknown, status: 201): Response },
    title: string,
  ) => {
    const tenantId = c.get('tenantId')
    const id = randomUUID()
    await core.outbox.transaction(core.db, async (trx) => {
      await sql`insert into bench_notes (id, tenant_id, title) values (${id}, ${tenantId}, ${title})`.execute(
        trx,
      )
      await core.outbox.publishInTx(trx, [
        createEnvelope(noteCreated, { noteId: id, title }, { tenantId }),
      ])
    })
    return c.json({ id, title }, 201)
  }
}

/** Set up by {@link benchNotesModule}: the handler, for the bare baseline. */
export interface BenchNotes {
  readonly create: ReturnType<typeof createNoteHandler>
}

function noteRoute(create: BenchNotes['create']): Route {
  return defineRoute({
    method: 'post',
    path: '/api/bench/notes',
    operationId: 'createBenchNote',
    summary: 'Writes a note and its event (bench only)',
    tags: ['bench-notes'],
    access: AUTHENTICATED,
    request: { body: NoteInput },
    responses: { 201: { description: 'Written', schema: NoteSchema } },
    handler: (c, { body }) => create(c, body.title),
  })
}

/** `POST /api/bench/notes` for signed-in users, with its table and event. */
export const benchNotesModule: ServerModule<undefined, BenchNotes> = defineServerModule({
  name: 'bench-notes',
  description: 'A table, an event and a POST route for the HTTP bench.',
  migrations: [notesMigrations],
  events: [noteCreated],
  setup: (core) => {
    const create = createNoteHandler(core)
    return { services: { create }, routes: [noteRoute(create)] }
  },
})
