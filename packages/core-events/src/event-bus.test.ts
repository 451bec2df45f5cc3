import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { isCoreEventsError } from './core-events-error'
import { defineEvent } from './define-event'
import { createEventBus } from './event-bus'
import type { EventEnvelope } from './event-envelope'
import { createEnvelope } from './event-envelope'

const tenantId = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const thingCreated = defineEvent({
  type: 'thing.created',
  version: 1,
  description: 'A thing was created (test only).',
  aggregateType: 'thing',
  schema: v.object({ thingId: v.string() }),
  aggregateId: (payload) => payload.thingId,
})
const thingDeleted = defineEvent({ ...thingCreated, type: 'thing.deleted' })

const created = (thingId: string): EventEnvelope =>
  createEnvelope(thingCreated, { thingId }, { tenantId })
const deleted = (thingId: string): EventEnvelope =>
  createEnvelope(thingDeleted, { thingId }, { tenantId })

describe('createEventBus', () => {
  it('fans out synchronously to exact-type listeners, then wildcard ones', async () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.subscribe('*', (envelope) => seen.push(`*:${envelope.type}`))
    bus.subscribe('thing.created', (envelope) => seen.push(`a:${envelope.type}`))
    bus.subscribe('thing.created', (envelope) => seen.push(`b:${envelope.type}`))
    const published = bus.publish(created('1'))
    expect(seen).toEqual(['a:thing.created', 'b:thing.created', '*:thing.created'])
    await expect(published).resolves.toBeUndefined()
  })

  it('does not call listeners of other types; wildcard listeners get everything', async () => {
    const bus = createEventBus()
    const createdSeen: string[] = []
    const all: string[] = []
    bus.subscribe('thing.created', (envelope) => createdSeen.push(envelope.type))
    bus.subscribe('*', (envelope) => all.push(envelope.type))
    await bus.publish(deleted('1'))
    await bus.publish(created('2'))
    expect(createdSeen).toEqual(['thing.created'])
    expect(all).toEqual(['thing.deleted', 'thing.created'])
  })

  it('stops delivering after unsubscribe, which is idempotent', async () => {
    const bus = createEventBus()
    const seen: string[] = []
    const listener = (envelope: EventEnvelope): void => {
      seen.push(envelope.id)
    }
    const first = bus.subscribe('thing.created', listener)
    bus.subscribe('thing.created', listener)
    const wildcard = bus.subscribe('*', listener)
    first()
    first()
    wildcard()
    const envelope = created('1')
    await bus.publish(envelope)
    expect(seen).toEqual([envelope.id])
  })

  it('resolves when nobody listens (best-effort)', async () => {
    await expect(createEventBus().publish(created('1'))).resolves.toBeUndefined()
  })

  it('keeps fanning out past a throwing listener, then rejects with LISTENER_FAILED', async () => {
    const bus = createEventBus()
    const boom = new Error('boom')
    const seen: string[] = []
    bus.subscribe('thing.created', () => {
      throw boom
    })
    bus.subscribe('*', (envelope) => seen.push(envelope.type))
    const error: unknown = await bus.publish(created('1')).catch((caught: unknown) => caught)
    expect(seen).toEqual(['thing.created'])
    expect(isCoreEventsError(error) && error.code).toBe('LISTENER_FAILED')
    expect((error as Error).cause).toBe(boom)
  })

  it('attributes listener errors to the right publish when a listener re-publishes', async () => {
    const bus = createEventBus()
    let nested: Promise<void> | undefined
    bus.subscribe('thing.created', () => {
      nested = bus.publish(deleted('2'))
      throw new Error('outer listener failed')
    })
    bus.subscribe('thing.deleted', () => undefined)
    await expect(bus.publish(created('1'))).rejects.toMatchObject({ code: 'LISTENER_FAILED' })
    await expect(nested).resolves.toBeUndefined()
  })
})
