import { NIL_UUID } from '@rustok/core-events'
import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { tenancyEvents, type TenancyEventType } from './tenancy-events'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'

/** A valid payload of every event and the field that holds its aggregate id. */
const samples: Record<TenancyEventType, { payload: Record<string, unknown>; idField: string }> = {
  'tenant.created': { payload: { tenantId: id }, idField: 'tenantId' },
  'tenant.updated': { payload: { tenantId: id }, idField: 'tenantId' },
  'tenant.disabled': { payload: { tenantId: id }, idField: 'tenantId' },
  'locale.enabled': { payload: { tenantId: id, locale: 'pt-BR' }, idField: 'tenantId' },
  'locale.disabled': { payload: { tenantId: id, locale: 'en' }, idField: 'tenantId' },
  'module.enabled': { payload: { tenantId: id, module: 'commerce' }, idField: 'tenantId' },
  'module.disabled': { payload: { tenantId: id, module: 'blog' }, idField: 'tenantId' },
}

function issuesOf(schema: v.GenericSchema, payload: unknown): { path: string; message: string }[] {
  const result = v.safeParse(schema, payload)
  if (result.success) return []
  return result.issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
    message: issue.message,
  }))
}

describe.each(tenancyEvents.map((definition) => [definition.type, definition] as const))(
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
    expect(tenancyEvents.map((definition) => definition.type).sort()).toEqual(
      Object.keys(samples).sort(),
    )
  })

  test('module names follow the kind rule', () => {
    const [definition] = tenancyEvents.filter((d) => d.type === 'module.enabled')
    expect(issuesOf(definition!.schema, { tenantId: id, module: 'my module' })).toEqual([
      { path: 'module', message: 'must be non-empty letters, digits, "-" or "_"' },
    ])
  })
})
