import { NIL_UUID } from '@rustok/core-events'
import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { userEvents, type UserEventDefinition } from './user-events'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'

/** A valid payload of every event and the field that holds its aggregate id. */
const samples: Record<
  UserEventDefinition['type'],
  { payload: Record<string, unknown>; idField: string }
> = {
  'user.registered': { payload: { userId: id, email: 'ada@example.com' }, idField: 'userId' },
  'user.logged_in': { payload: { userId: id }, idField: 'userId' },
  'user.updated': { payload: { userId: id }, idField: 'userId' },
  'user.deleted': { payload: { userId: id }, idField: 'userId' },
}

function issuesOf(schema: v.GenericSchema, payload: unknown): { path: string; message: string }[] {
  const result = v.safeParse(schema, payload)
  if (result.success) return []
  return result.issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
    message: issue.message,
  }))
}

describe.each(userEvents.map((definition) => [definition.type, definition] as const))(
  '%s',
  (type, definition) => {
    const sample = samples[type]

    test('accepts the sample and picks its aggregate id', () => {
      expect(issuesOf(definition.schema, sample.payload)).toEqual([])
      expect(definition.aggregateId(v.parse(definition.schema, sample.payload) as never)).toBe(id)
    })

    test('rejects a nil UUID in its aggregate id field', () => {
      expect(
        issuesOf(definition.schema, { ...sample.payload, [sample.idField]: NIL_UUID }),
      ).toEqual([{ path: sample.idField, message: 'must not be the nil UUID' }])
    })
  },
)

describe('payload rules', () => {
  test('every event has a sample', () => {
    expect(userEvents.map((definition) => definition.type).sort()).toEqual(
      Object.keys(samples).sort(),
    )
  })

  test('user.registered requires a real e-mail address of at most 255 bytes', () => {
    const [definition] = userEvents.filter((d) => d.type === 'user.registered')
    expect(issuesOf(definition!.schema, { userId: id, email: 'ada@example' })).toEqual([
      { path: 'email', message: 'must be an e-mail address' },
    ])
  })
})
