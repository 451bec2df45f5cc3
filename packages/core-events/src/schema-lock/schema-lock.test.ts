import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { defineEvent } from '../define-event'
import type { AnyEventDefinition } from '../define-event'
import { nonEmptyText, nonNilUuid } from '../event-rules'
import {
  buildSchemaLock,
  checkSchemaLock,
  formatSchemaLockProblems,
  serializeSchemaLock,
} from './schema-lock'

function noteDefinition(version: number, withTitle: boolean): AnyEventDefinition {
  const schema: v.GenericSchema<unknown, { noteId: string }> = withTitle
    ? v.object({ noteId: nonNilUuid(), title: nonEmptyText(100) })
    : v.object({ noteId: nonNilUuid() })
  const upcasters = Object.fromEntries(
    Array.from({ length: version - 1 }, (_, index) => [index + 1, (p: unknown) => p]),
  )
  return defineEvent({
    type: 'note.created',
    version,
    description: 'A note was created (test only).',
    aggregateType: 'note',
    schema,
    aggregateId: (payload) => payload.noteId,
    upcasters,
  })
}

const other = defineEvent({
  type: 'note.deleted',
  version: 1,
  description: 'A note was deleted (test only).',
  aggregateType: 'note',
  schema: v.object({ noteId: nonNilUuid() }),
  aggregateId: (payload) => payload.noteId,
})

describe('checkSchemaLock', () => {
  const lock = buildSchemaLock([noteDefinition(1, false), other])

  test('is empty when the code matches the lock', () => {
    expect(checkSchemaLock([noteDefinition(1, false), other], lock)).toEqual([])
  })

  test('reports a changed schema without a version bump', () => {
    const problems = checkSchemaLock([noteDefinition(1, true), other], lock)
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'changed-without-bump', type: 'note.created', version: 1 }),
    ])
    expect(formatSchemaLockProblems(problems)).toMatch(
      /note\.created: schema changed but version is still 1 — bump the version/,
    )
  })

  test('reports a version bump, a lowered version, a new type and a removed type', () => {
    expect(checkSchemaLock([noteDefinition(2, true), other], lock)).toEqual([
      { kind: 'version-bumped', type: 'note.created', lockedVersion: 1, version: 2 },
    ])
    const bumped = buildSchemaLock([noteDefinition(2, true)])
    expect(checkSchemaLock([noteDefinition(1, true)], bumped)).toEqual([
      { kind: 'version-lowered', type: 'note.created', lockedVersion: 2, version: 1 },
    ])
    expect(checkSchemaLock([noteDefinition(1, false)], lock)).toEqual([
      { kind: 'removed', type: 'note.deleted', lockedVersion: 1 },
    ])
    expect(checkSchemaLock([noteDefinition(1, false), other], {})).toEqual([
      { kind: 'missing-from-lock', type: 'note.created', version: 1 },
      { kind: 'missing-from-lock', type: 'note.deleted', version: 1 },
    ])
  })

  test('tells how to update the lock', () => {
    const message = formatSchemaLockProblems(
      [{ kind: 'missing-from-lock', type: 'note.created', version: 1 }],
      'CMD',
    )
    expect(message).toMatch(/To update the lock, run: CMD$/)
  })
})

describe('buildSchemaLock', () => {
  test('hashes canonical JSON: the same schema written in another key order hashes the same', () => {
    const a = defineEvent({
      ...other,
      schema: v.object({ noteId: nonNilUuid(), title: nonEmptyText(5) }),
    })
    const b = defineEvent({
      ...other,
      schema: v.object({ title: nonEmptyText(5), noteId: nonNilUuid() }),
    })
    const c = defineEvent({
      ...other,
      schema: v.object({ noteId: nonNilUuid(), title: nonEmptyText(6) }),
    })
    const hash = (definition: AnyEventDefinition): string | undefined =>
      buildSchemaLock([definition])['note.deleted']?.hash
    expect(hash(a)).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(hash(a)).toBe(hash(b))
    expect(hash(a)).not.toBe(hash(c))
  })

  test('serialises with sorted keys and a final newline', () => {
    const text = serializeSchemaLock(buildSchemaLock([other, noteDefinition(1, false)]))
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['note.created', 'note.deleted'])
    expect(text.endsWith('}\n')).toBe(true)
  })
})
