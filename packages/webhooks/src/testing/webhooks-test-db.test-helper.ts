import {
  createEnvelope,
  createEventCatalog,
  defineEvent,
  type EventDefinition,
  type EventEnvelope,
} from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import * as v from 'valibot'
import { webhookEvents } from '../webhook-events'
import { webhookMigrations } from '../webhook-migrations'
import type { WebhookTables } from '../webhook-tables'

/** A test event of any dotted type, payload `{ n }`. */
function testEvent<T extends string>(type: T): EventDefinition<T, { n: number }> {
  return defineEvent({
    type,
    version: 1,
    description: 'A test event.',
    aggregateType: 'thing',
    schema: v.object({ n: v.number() }),
    aggregateId: (payload: { n: number }) => String(payload.n),
  })
}

type TestEvent<T extends string> = EventDefinition<T, { n: number }>
const productCreated: TestEvent<'product.created'> = testEvent('product.created')
const productUpdated: TestEvent<'product.updated'> = testEvent('product.updated')
const orderPlaced: TestEvent<'order.placed'> = testEvent('order.placed')
type TestType = 'product.created' | 'product.updated' | 'order.placed'
const TYPES: Readonly<Record<TestType, EventDefinition<string, { n: number }>>> = {
  'product.created': productCreated,
  'product.updated': productUpdated,
  'order.placed': orderPlaced,
}

/** An envelope of one of the test types for `tenantId`. */
export function envelope(tenantId: string, type: TestType, n: number): EventEnvelope {
  return createEnvelope(
    TYPES[type],
    { n },
    { tenantId, actorId: null, correlationId: null, traceId: null },
  )
}

/** A migrated database with the outbox and the webhook tables. */
export interface WebhooksTestDb {
  readonly testDb: TestDb<WebhookTables>
  readonly db: Kysely<WebhookTables>
  readonly outbox: ReturnType<typeof createOutbox>
  /** The events written so far for a tenant, oldest first. */
  events(tenantId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
}

/** Opens a fresh migrated database for one test file (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function webhooksTestDb(): Promise<WebhooksTestDb> {
  const testDb = await createTestDb<WebhookTables>({
    modules: [outboxMigrations, webhookMigrations],
  })
  const outbox = createOutbox({
    catalog: createEventCatalog(webhookEvents, [productCreated, productUpdated, orderPlaced]),
  })
  const { db } = testDb
  return {
    testDb,
    db,
    outbox,
    async events(tenantId) {
      const rows = await sql<{ type: string; payload: Record<string, unknown> }>`
        select type, payload from sys_events where tenant_id = ${tenantId} order by seq`.execute(db)
      return rows.rows
    },
  }
}
