import { describe, expect, test } from 'vitest'
import { isCoreEventsError } from './core-events-error'
import type { CoreEventsError } from './core-events-error'
import {
  causedBy,
  createEnvelope,
  ENVELOPE_FIELDS,
  parseEnvelope,
  serializeEnvelope,
  validateEnvelope,
} from './event-envelope'
import { indexUpdated, tenantCreated } from './sample-events.test-helper'
import { NIL_UUID } from './event-rules'

const tenantId = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const userId = '0190a0d4-7f55-7c1e-9c1a-aaaaaaaaaaaa'
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const at = new Date('2026-01-01T10:00:00.000Z')

function ids(): () => string {
  let next = 0
  return () => {
    next += 1
    return `01940000-0000-7000-8000-${next.toString(16).padStart(12, '0')}`
  }
}

function thrown(action: () => unknown): CoreEventsError {
  try {
    action()
  } catch (error) {
    if (isCoreEventsError(error)) return error
    throw error
  }
  throw new Error('expected a CoreEventsError')
}

describe('createEnvelope', () => {
  test('fills every field and starts a new chain', () => {
    const envelope = createEnvelope(
      tenantCreated,
      { tenantId },
      { tenantId, actorId: userId, traceId },
      { now: () => at, newId: ids() },
    )
    expect(envelope).toEqual({
      id: '01940000-0000-7000-8000-000000000001',
      type: 'tenant.created',
      version: 1,
      tenantId,
      actorId: userId,
      aggregateType: 'tenant',
      aggregateId: tenantId,
      correlationId: '01940000-0000-7000-8000-000000000001',
      causationId: null,
      traceId,
      occurredAt: '2026-01-01T10:00:00.000Z',
      payload: { tenantId },
    })
  })

  test('uses a UUIDv7 id by default', () => {
    const envelope = createEnvelope(tenantCreated, { tenantId }, { tenantId })
    expect(envelope.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  test('rejects an invalid payload naming the event type and the field', () => {
    const error = thrown(() => createEnvelope(tenantCreated, { tenantId: NIL_UUID }, { tenantId }))
    expect(error.code).toBe('INVALID_EVENT')
    expect(error.message).toBe(
      'Invalid "tenant.created" event: payload.tenantId must not be the nil UUID',
    )
    expect(error.issues).toEqual([
      { path: 'payload.tenantId', message: 'must not be the nil UUID' },
    ])
  })

  test('rejects a nil tenant id and a malformed trace id in the context', () => {
    const error = thrown(() =>
      createEnvelope(
        tenantCreated,
        { tenantId },
        { tenantId: NIL_UUID, traceId: '4BF92F3577B34DA6A3CE929D0E0E4736' },
      ),
    )
    expect(error.issues.map((issue) => issue.path)).toEqual(['tenantId', 'traceId'])
    expect(
      thrown(() =>
        createEnvelope(tenantCreated, { tenantId }, { tenantId, traceId: '0'.repeat(32) }),
      ).issues,
    ).toEqual([{ path: 'traceId', message: 'must not be all zeros' }])
  })
})

describe('causedBy', () => {
  test('keeps tenant, correlation and trace, and points causation at the parent', () => {
    const newId = ids()
    const first = createEnvelope(
      tenantCreated,
      { tenantId },
      { tenantId, actorId: userId, traceId },
      { newId },
    )
    const second = createEnvelope(
      indexUpdated,
      { indexName: 'tenants', targetId: tenantId },
      causedBy(first),
      { newId },
    )
    const third = createEnvelope(
      indexUpdated,
      { indexName: 'search', targetId: tenantId },
      causedBy(second, 'system:indexer'),
      { newId },
    )
    expect(second).toMatchObject({
      tenantId,
      correlationId: first.id,
      causationId: first.id,
      traceId,
      actorId: null,
    })
    expect(third).toMatchObject({
      correlationId: first.id,
      causationId: second.id,
      actorId: 'system:indexer',
    })
  })
})

describe('serializeEnvelope / parseEnvelope', () => {
  const envelope = createEnvelope(
    tenantCreated,
    { tenantId },
    { tenantId, actorId: userId, traceId },
    { now: () => at, newId: ids() },
  )

  test('round-trips', () => {
    expect(parseEnvelope(serializeEnvelope(envelope))).toEqual(envelope)
  })

  test('writes keys in the stable order whatever the object order', () => {
    const shuffled = Object.fromEntries(Object.entries(envelope).reverse()) as typeof envelope
    const json = serializeEnvelope(shuffled)
    expect(json).toBe(serializeEnvelope(envelope))
    expect(Object.keys(JSON.parse(json) as object)).toEqual([...ENVELOPE_FIELDS])
    expect(ENVELOPE_FIELDS).toEqual([
      'id',
      'type',
      'version',
      'tenantId',
      'actorId',
      'aggregateType',
      'aggregateId',
      'correlationId',
      'causationId',
      'traceId',
      'occurredAt',
      'payload',
    ])
  })

  test('rejects malformed JSON and a malformed envelope with dot paths', () => {
    expect(thrown(() => parseEnvelope('{')).issues).toEqual([
      { path: '', message: 'is not valid JSON' },
    ])
    const broken = { ...envelope, version: 0, occurredAt: '2026-01-01 10:00', payload: 'x' }
    const error = thrown(() => validateEnvelope(broken))
    expect(error.message).toMatch(/^Invalid "tenant\.created" event: version/)
    expect(error.issues.map((issue) => issue.path)).toEqual(['version', 'occurredAt', 'payload'])
  })
})
