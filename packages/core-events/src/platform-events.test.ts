import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { NIL_UUID } from './event-rules'
import { platformEvents } from './platform-events'
import type { PlatformEventType } from './platform-events'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'

/** A valid payload of every platform event and the field that holds its aggregate id. */
const samples: Record<PlatformEventType, { payload: Record<string, unknown>; idField: string }> = {
  'tenant.created': { payload: { tenantId: id }, idField: 'tenantId' },
  'tenant.updated': { payload: { tenantId: id }, idField: 'tenantId' },
  'tenant.disabled': { payload: { tenantId: id }, idField: 'tenantId' },
  'user.registered': { payload: { userId: id, email: 'ada@example.com' }, idField: 'userId' },
  'user.logged_in': { payload: { userId: id }, idField: 'userId' },
  'user.updated': { payload: { userId: id }, idField: 'userId' },
  'user.deleted': { payload: { userId: id }, idField: 'userId' },
  'locale.enabled': { payload: { tenantId: id, locale: 'pt-BR' }, idField: 'tenantId' },
  'locale.disabled': { payload: { tenantId: id, locale: 'en' }, idField: 'tenantId' },
  'module.enabled': { payload: { tenantId: id, module: 'commerce' }, idField: 'tenantId' },
  'module.disabled': { payload: { tenantId: id, module: 'blog' }, idField: 'tenantId' },
  'index.reindex_requested': { payload: { targetType: 'node', targetId: id }, idField: 'targetId' },
  'index.updated': { payload: { indexName: 'index_content', targetId: id }, idField: 'targetId' },
}

function issuesOf(schema: v.GenericSchema, payload: unknown): { path: string; message: string }[] {
  const result = v.safeParse(schema, payload)
  if (result.success) return []
  return result.issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
    message: issue.message,
  }))
}

describe.each(platformEvents.map((definition) => [definition.type, definition] as const))(
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

describe('platform payload rules', () => {
  test('every platform event has a sample', () => {
    expect(platformEvents.map((definition) => definition.type).sort()).toEqual(
      Object.keys(samples).sort(),
    )
  })

  test('user.registered requires a real e-mail address of at most 255 bytes', () => {
    const [definition] = platformEvents.filter((d) => d.type === 'user.registered')
    expect(issuesOf(definition!.schema, { userId: id, email: 'ada@example' })).toEqual([
      { path: 'email', message: 'must be an e-mail address' },
    ])
  })

  test('index.reindex_requested without a target id is ordered per target type', () => {
    const [definition] = platformEvents.filter((d) => d.type === 'index.reindex_requested')
    expect(definition!.aggregateId({ targetType: 'product' })).toBe('product')
  })

  test('module names follow the kind rule', () => {
    const [definition] = platformEvents.filter((d) => d.type === 'module.enabled')
    expect(issuesOf(definition!.schema, { tenantId: id, module: 'my module' })).toEqual([
      { path: 'module', message: 'must be non-empty letters, digits, "-" or "_"' },
    ])
  })
})
