import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { createProductService, type ProductService } from '../catalogue/product-service'
import { createInventoryService, type InventoryService } from '../inventory/inventory-service'
import { createPricingService, type PricingService } from '../pricing/pricing-service'
import type { CommerceDeps } from '../commerce-deps'
import { commerceEvents } from '../commerce-events'
import { commerceMigrations } from '../commerce-migrations'
import type { CommerceTables } from '../commerce-tables'

/** A migrated database with the outbox and the commerce tables, and services over it. */
export interface CommerceTestDb {
  readonly testDb: TestDb<CommerceTables>
  readonly db: Kysely<CommerceTables>
  products(overrides?: Partial<CommerceDeps>): ProductService
  inventory(overrides?: Partial<CommerceDeps>): InventoryService
  pricing(overrides?: Partial<CommerceDeps>): PricingService
  /** The events written so far for a tenant, oldest first. */
  events(tenantId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
}

/** Opens a fresh migrated database for one test file (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function commerceTestDb(): Promise<CommerceTestDb> {
  const testDb = await createTestDb<CommerceTables>({
    modules: [outboxMigrations, commerceMigrations],
    // The race tests queue 1,000 callers for ten connections: a pool wait is not what they test.
    pool: { connectionTimeoutMillis: 120_000 },
  })
  const outbox = createOutbox({ catalog: createEventCatalog(commerceEvents) })
  const { db } = testDb
  return {
    testDb,
    db,
    products: (overrides = {}) => createProductService({ db, events: outbox, ...overrides }),
    inventory: (overrides = {}) => createInventoryService({ db, events: outbox, ...overrides }),
    pricing: (overrides = {}) => createPricingService({ db, events: outbox, ...overrides }),
    async events(tenantId) {
      const rows = await sql<{ type: string; payload: Record<string, unknown> }>`
        select type, payload from sys_events where tenant_id = ${tenantId} order by seq`.execute(db)
      return rows.rows
    },
  }
}
