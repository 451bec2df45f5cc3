// Defines an event, builds a catalogue, and dispatches an envelope to a handler with retries.
// Run it: npx tsx examples/dispatch.ts
import {
  createEnvelope,
  createEventCatalog,
  createEventDispatcher,
  defineEvent,
  nonEmptyText,
  nonNilUuid,
  type DeadLetter,
} from '@rustok/core-events'
import * as v from 'valibot'

const noteCreated = defineEvent({
  type: 'note.created',
  version: 1,
  description: 'A note was created.',
  aggregateType: 'note',
  schema: v.object({ noteId: nonNilUuid(), title: nonEmptyText(200) }),
  aggregateId: (payload) => payload.noteId,
})
const catalog = createEventCatalog([noteCreated])

const deadLetters: DeadLetter[] = []
const dispatcher = createEventDispatcher({ onDeadLetter: (dead) => void deadLetters.push(dead) })
dispatcher.register({
  name: 'search-indexer',
  types: ['note.created'],
  concurrency: 4,
  handle: async (envelope) => {
    const { payload } = catalog.decode(envelope) // upcast + validate
    console.log('indexing', payload)
  },
})

const tenantId = crypto.randomUUID()
const envelope = createEnvelope(
  noteCreated,
  { noteId: crypto.randomUUID(), title: 'Hello' },
  { tenantId, actorId: null },
)
const { handled, deadLettered } = await dispatcher.dispatch(envelope)
console.log({ handled, deadLettered, deadLetters: deadLetters.length })
await dispatcher.close()
