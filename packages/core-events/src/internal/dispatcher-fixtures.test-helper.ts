import * as v from 'valibot'
import { defineEvent } from '../define-event'
import { createEventDispatcher } from '../event-dispatcher'
import type { DeadLetter, EventDispatcher, EventDispatcherOptions } from '../event-dispatcher'
import type { EventEnvelope } from '../event-envelope'
import { createEnvelope } from '../event-envelope'

// Test-only fixtures shared by the event-dispatcher test files.

const tenantId = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
/** The fixed clock of the fixtures. */
export const at: Date = new Date('2026-01-01T10:00:00.000Z')
const thingCreated = defineEvent({
  type: 'thing.created',
  version: 1,
  description: 'A thing was created (test only).',
  aggregateType: 'thing',
  schema: v.object({ thingId: v.string() }),
  aggregateId: (payload) => payload.thingId,
})
const thingDeleted = defineEvent({ ...thingCreated, type: 'thing.deleted' })

/** A `thing.created` envelope (test-only event). */
export const created = (thingId: string): EventEnvelope =>
  createEnvelope(thingCreated, { thingId }, { tenantId }, { now: () => at })
/** A `thing.deleted` envelope (test-only event). */
export const deleted = (thingId: string): EventEnvelope =>
  createEnvelope(thingDeleted, { thingId }, { tenantId }, { now: () => at })

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export interface Deferred {
  readonly promise: Promise<void>
  readonly resolve: () => void
}

/** Creates a {@link Deferred}. */
export function deferred(): Deferred {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

/** A handler body that does nothing. */
export const noop = (): Promise<void> => Promise.resolve()

/** Lets every pending promise callback run. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A dispatcher that never really waits: `sleep` records the delays it was asked for. */
export interface TestDispatcher {
  readonly dispatcher: EventDispatcher
  /** Delays passed to `sleep`, in order. */
  readonly delays: number[]
  /** Dead letters passed to `onDeadLetter`, in order. */
  readonly deadLetters: DeadLetter[]
}

/** A dispatcher that never really waits: `sleep` records the delays it was asked for. */
export function testDispatcher(options: EventDispatcherOptions = {}): TestDispatcher {
  const delays: number[] = []
  const deadLetters: DeadLetter[] = []
  const dispatcher = createEventDispatcher({
    backoff: (attempt) => attempt * 10,
    sleep: (ms) => {
      delays.push(ms)
      return Promise.resolve()
    },
    onDeadLetter: (deadLetter) => {
      deadLetters.push(deadLetter)
    },
    now: () => at,
    ...options,
  })
  return { dispatcher, delays, deadLetters }
}

/** The rejection reason of `promise`, or `undefined` if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}
