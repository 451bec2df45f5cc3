import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { isCoreEventsError } from './core-events-error'
import { defineEvent } from './define-event'
import type { EventDefinition } from './define-event'
import { createEventCatalog } from './event-catalog'
import { nonEmptyText, nonNilUuid } from './event-rules'
import { sampleEvents } from './sample-events.test-helper'

const noteId = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'

interface NoteRenamedV3 {
  readonly noteId: string
  readonly title: string
  readonly language: string
}

/** Test-only event at version 3: v1 had `id` + `name`, v2 renamed them, v3 added `language`. */
const noteRenamed: EventDefinition<'note.renamed', NoteRenamedV3> = defineEvent({
  type: 'note.renamed',
  version: 3,
  description: 'A note was renamed (test only).',
  aggregateType: 'note',
  schema: v.object({ noteId: nonNilUuid(), title: nonEmptyText(100), language: nonEmptyText(10) }),
  aggregateId: (payload) => payload.noteId,
  upcasters: {
    1: (payload) => {
      const { id, name } = payload as { id: string; name: string }
      return { noteId: id, title: name }
    },
    2: (payload) => ({ ...(payload as object), language: 'en' }),
  },
})

function codeOf(action: () => unknown): string | undefined {
  try {
    action()
  } catch (error) {
    return isCoreEventsError(error) ? error.code : 'NOT_A_CORE_EVENTS_ERROR'
  }
  return undefined
}

describe('createEventCatalog', () => {
  const catalog = createEventCatalog(sampleEvents, [noteRenamed])

  test('looks definitions up', () => {
    expect(catalog.get('note.renamed')).toBe(noteRenamed)
    expect(catalog.has('tenant.created')).toBe(true)
    expect(catalog.has('tenant.exploded')).toBe(false)
    expect(catalog.list()).toHaveLength(sampleEvents.length + 1)
  })

  test('throws UNKNOWN_EVENT_TYPE for an unknown type', () => {
    expect(codeOf(() => catalog.get('tenant.exploded'))).toBe('UNKNOWN_EVENT_TYPE')
    expect(codeOf(() => catalog.decode({ type: 'tenant.exploded', version: 1, payload: {} }))).toBe(
      'UNKNOWN_EVENT_TYPE',
    )
  })

  test('validates a current payload', () => {
    expect(catalog.validate('tenant.created', { tenantId: noteId, extra: 1 })).toEqual({
      tenantId: noteId,
    })
    expect(codeOf(() => catalog.validate('tenant.created', {}))).toBe('INVALID_EVENT')
  })

  test('throws DUPLICATE_EVENT_TYPE when composed definitions clash', () => {
    expect(codeOf(() => createEventCatalog(sampleEvents, [noteRenamed, noteRenamed]))).toBe(
      'DUPLICATE_EVENT_TYPE',
    )
    expect(codeOf(() => catalog.merge(sampleEvents))).toBe('DUPLICATE_EVENT_TYPE')
    expect(createEventCatalog(sampleEvents).merge([noteRenamed]).has('note.renamed')).toBe(true)
  })
})

describe('decode', () => {
  const catalog = createEventCatalog([noteRenamed])

  test('upcasts an old stored version through every step and validates the result', () => {
    expect(
      catalog.decode({ type: 'note.renamed', version: 1, payload: { id: noteId, name: 'Hello' } }),
    ).toEqual({
      type: 'note.renamed',
      version: 3,
      payload: { noteId, title: 'Hello', language: 'en' },
    })
    expect(
      catalog.decode({ type: 'note.renamed', version: 2, payload: { noteId, title: 'Hi' } })
        .payload,
    ).toEqual({
      noteId,
      title: 'Hi',
      language: 'en',
    })
  })

  test('validates the upcast payload', () => {
    expect(
      codeOf(() =>
        catalog.decode({ type: 'note.renamed', version: 1, payload: { id: noteId, name: ' ' } }),
      ),
    ).toBe('INVALID_EVENT')
  })

  test.each([4, 0, -1, 1.5])('throws UNSUPPORTED_VERSION for stored version %s', (version) => {
    expect(codeOf(() => catalog.decode({ type: 'note.renamed', version, payload: {} }))).toBe(
      'UNSUPPORTED_VERSION',
    )
  })
})

describe('toJsonSchema', () => {
  test('exports a JSON Schema for every type, keys sorted', () => {
    const catalog = createEventCatalog(sampleEvents, [noteRenamed])
    const schemas = catalog.toJsonSchema()
    const types = catalog.list().map((definition) => definition.type)
    expect(Object.keys(schemas)).toEqual([...types].sort())
    expect(schemas['note.renamed']).toMatchObject({
      version: 3,
      aggregateType: 'note',
      schema: { type: 'object', required: ['noteId', 'title', 'language'] },
    })
  })
})
