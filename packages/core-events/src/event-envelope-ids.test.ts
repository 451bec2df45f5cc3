import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { isCoreEventsError } from './core-events-error'
import { defineEvent } from './define-event'
import { createEnvelope, validateEnvelope } from './event-envelope'

// The ids an envelope carries are uuid columns in the outbox and parts of its lock keys.
const pinged = defineEvent({
  type: 'probe.pinged',
  version: 1,
  description: 'Test event.',
  aggregateType: 'probe',
  schema: v.object({ probeId: v.string() }),
  aggregateId: (payload) => payload.probeId,
})
const tenantId = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const parentId = '0190a0d4-7f55-7c1e-9c1a-aaaaaaaaaaaa'

function issuePaths(action: () => unknown): string[] {
  try {
    action()
  } catch (error) {
    if (isCoreEventsError(error) && error.code === 'INVALID_EVENT')
      return error.issues.map((issue) => issue.path)
    throw error
  }
  throw new Error('expected INVALID_EVENT')
}

describe('envelope ids', () => {
  test('tenant, correlation and causation ids come out in lowercase', () => {
    const envelope = createEnvelope(
      pinged,
      { probeId: 'p' },
      {
        tenantId: tenantId.toUpperCase(),
        correlationId: parentId.toUpperCase(),
        causationId: parentId.toUpperCase(),
      },
    )
    expect(envelope).toMatchObject({ tenantId, correlationId: parentId, causationId: parentId })
    const stored = validateEnvelope({ ...envelope, tenantId: tenantId.toUpperCase() })
    expect(stored.tenantId).toBe(tenantId)
  })

  test('correlation and causation ids must be UUIDs, in the context and in a stored envelope', () => {
    expect(
      issuePaths(() =>
        createEnvelope(
          pinged,
          { probeId: 'p' },
          { tenantId, correlationId: 'req-1', causationId: 'x' },
        ),
      ),
    ).toEqual(['correlationId', 'causationId'])
    const envelope = createEnvelope(pinged, { probeId: 'p' }, { tenantId })
    expect(issuePaths(() => validateEnvelope({ ...envelope, correlationId: 'req-1' }))).toEqual([
      'correlationId',
    ])
    expect(issuePaths(() => validateEnvelope({ ...envelope, causationId: 'x' }))).toEqual([
      'causationId',
    ])
  })
})
