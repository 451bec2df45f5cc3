import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import type { ContentDeps } from '../content-deps'
import { isContentError } from '../content-error'
import { contentEvents } from '../content-events'
import { contentMigrations } from '../content-migrations'
import { createNodeService, type NodeService } from '../nodes/node-service'
import type { ContentActor } from '../nodes/node-types'
import { createMenuService, type MenuService } from './menu-service'
import { createPageService, type PageService } from './page-service'
import { pagesEvents } from './pages-events'
import type { PagesTables } from './pages-tables'

/** A migrated database with the content and pages tables, and the pages' services over it. */
export interface PagesTestDb {
  readonly testDb: TestDb<PagesTables>
  readonly db: Kysely<PagesTables>
  readonly nodes: NodeService
  services(overrides?: Partial<ContentDeps>): { pages: PageService; menus: MenuService }
  events(tenantId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
}

/** An editor who may change any node. */
export const EDITOR: ContentActor = { userId: crypto.randomUUID(), scope: 'all' }

/** Opens a fresh migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function pagesTestDb(): Promise<PagesTestDb> {
  const testDb = await createTestDb<PagesTables>({ modules: [outboxMigrations, contentMigrations] })
  const events = createOutbox({ catalog: createEventCatalog(contentEvents, pagesEvents) })
  const { db } = testDb
  const nodes = createNodeService({ db, events })
  return {
    testDb,
    db,
    nodes,
    services: (overrides = {}) => ({
      pages: createPageService({ db, events, ...overrides }),
      menus: createMenuService({ db, events, ...overrides }),
    }),
    async events(tenantId) {
      const rows = await sql<{ type: string; payload: Record<string, unknown> }>`
        select type, payload from sys_events where tenant_id = ${tenantId} order by seq`.execute(db)
      return rows.rows
    },
  }
}

/** The code and field errors of the ContentError `promise` rejects with. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isContentError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a ContentError')
}
