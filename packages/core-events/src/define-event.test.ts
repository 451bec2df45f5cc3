import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { defineEvent } from './define-event'
import type { DefineEventOptions } from './define-event'
import { nonNilUuid } from './event-rules'

const base: DefineEventOptions<'thing.happened', { thingId: string }> = {
  type: 'thing.happened',
  version: 1,
  description: 'A thing happened.',
  aggregateType: 'thing',
  schema: v.object({ thingId: nonNilUuid() }),
  aggregateId: (payload) => payload.thingId,
}

function definitionError(overrides: Record<string, unknown>): unknown {
  try {
    defineEvent({ ...base, ...overrides })
  } catch (error) {
    return error
  }
  return undefined
}

describe('defineEvent', () => {
  test('returns a frozen definition', () => {
    const definition = defineEvent(base)
    expect(definition.type).toBe('thing.happened')
    expect(definition.aggregateId({ thingId: 'x' })).toBe('x')
    expect(Object.isFrozen(definition)).toBe(true)
  })

  test.each([
    ['a type without a dot', { type: 'thing' }, /dotted lowercase/],
    ['an uppercase type', { type: 'Thing.Happened' }, /dotted lowercase/],
    ['version 0', { version: 0 }, /version must be an integer ≥ 1/],
    ['a fractional version', { version: 1.5 }, /version must be an integer ≥ 1/],
    ['an empty description', { description: ' ' }, /description is required/],
    ['a bad aggregate type', { aggregateType: 'Thing' }, /aggregateType/],
    ['a non-object schema', { schema: v.string() }, /valibot object schema/],
    ['a missing aggregateId', { aggregateId: undefined }, /aggregateId must be a function/],
    [
      'a missing upcaster',
      { version: 3, upcasters: { 1: (p: unknown) => p } },
      /missing upcaster from version 2 to 3/,
    ],
    ['a stray upcaster', { upcasters: { 1: (p: unknown) => p } }, /upcaster key "1"/],
  ])('rejects %s with INVALID_DEFINITION', (_name, overrides, message) => {
    expect(definitionError(overrides)).toMatchObject({
      name: 'CoreEventsError',
      code: 'INVALID_DEFINITION',
    })
    expect(String(definitionError(overrides))).toMatch(message)
  })

  test('accepts a piped object schema (cross-field checks)', () => {
    const schema = v.pipe(
      v.object({ low: v.number(), high: v.number() }),
      v.check((value) => value.low <= value.high),
    )
    expect(() => defineEvent({ ...base, schema, aggregateId: () => 'x' })).not.toThrow()
  })
})
