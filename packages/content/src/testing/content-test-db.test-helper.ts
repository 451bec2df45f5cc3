import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { contentEvents } from '../content-events'
import { contentMigrations } from '../content-migrations'
import type { ContentTables } from '../content-tables'
import { createNodeService, type NodeService } from '../nodes/node-service'
import type { ContentDeps } from '../content-deps'

/** A migrated database with the outbox and the content tables, and a node service over it. */
export interface ContentTestDb {
  readonly testDb: TestDb<ContentTables>
  readonly db: Kysely<ContentTables>
  readonly outbox: ContentDeps['events']
  nodes(overrides?: Partial<ContentDeps>): NodeService
  /** The events written so far, oldest first: type and payload. */
  events(tenantId?: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
}

/** Opens a fresh migrated database for one test file (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function contentTestDb(): Promise<ContentTestDb> {
  const testDb = await createTestDb<ContentTables>({
    modules: [outboxMigrations, contentMigrations],
  })
  const outbox = createOutbox({ catalog: createEventCatalog(contentEvents) })
  const { db } = testDb
  return {
    testDb,
    db,
    outbox,
    nodes: (overrides = {}) => createNodeService({ db, events: outbox, ...overrides }),
    async events(tenantId) {
      const rows = await sql<{ type: string; payload: Record<string, unknown> }>`
        select type, payload from sys_events
        where ${tenantId === undefined ? sql`true` : sql`tenant_id = ${tenantId}`}
        order by seq`.execute(db)
      return rows.rows
    },
  }
}
