import type { MigrationModule } from '@rustok/core-db'
import {
  createEnvelope,
  createEventCatalog,
  defineEvent,
  type EventCatalog,
  type EventDefinition,
  type EventEnvelope,
} from '@rustok/core-events'
import * as v from 'valibot'
import type { EventTransport } from '../event-transport'
import type { OutboxTables } from '../outbox-tables'

export const tenantId = '0190a000-0000-7000-8000-000000000001'

/** A test event: something happened to a thing, the n-th time. */
export const thingHappened: EventDefinition<'thing.happened', { thingId: string; n: number }> =
  defineEvent({
    type: 'thing.happened',
    version: 1,
    description: 'Test event.',
    aggregateType: 'thing',
    schema: v.object({ thingId: v.string(), n: v.number() }),
    aggregateId: (payload) => payload.thingId,
  })

export const catalog: EventCatalog = createEventCatalog([thingHappened])

export function happened(thingId: string, n: number): EventEnvelope {
  return createEnvelope(thingHappened, { thingId, n }, { tenantId })
}

/** The application's own table next to the outbox's. */
export interface TestDb extends OutboxTables {
  thing: { id: string; counter: number }
}

export const thingModule: MigrationModule = {
  name: 'things',
  migrations: {
    '0001_thing': {
      up: (db) =>
        db.schema
          .createTable('thing')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('counter', 'integer', (c) => c.notNull().defaultTo(0))
          .execute(),
    },
  },
}

/** A transport that records deliveries; `fail(envelope)` may throw to simulate failures. */
export function recordingTransport(fail?: (envelope: EventEnvelope) => void): EventTransport & {
  readonly delivered: EventEnvelope[]
} {
  const delivered: EventEnvelope[] = []
  return {
    delivered,
    deliver: (envelope) => {
      fail?.(envelope)
      delivered.push(envelope)
      return Promise.resolve()
    },
  }
}

/** Runs the relay until a batch comes back empty. */
export async function drain(relay: { runOnce(): Promise<number> }): Promise<void> {
  while ((await relay.runOnce()) > 0) {
    // keep going
  }
}

/** Polls `check` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
