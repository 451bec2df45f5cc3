import {
  commerceEvents,
  commerceMigrations,
  createInventoryService,
  createPricingService,
  createProductIndexSource,
  createProductService,
  createProductCategoryService,
  type InventoryService,
  type PricingService,
  type ProductCategoryService,
  type ProductService,
} from '@rustok/commerce'
import {
  contentEvents,
  contentMigrations,
  createCategoryService,
  createNodeIndexSource,
  createNodeService,
  createTagService,
  type CategoryService,
  type NodeService,
  type TagService,
} from '@rustok/content'
import { createEventCatalog } from '@rustok/core-events'
import {
  createOutbox,
  createRelay,
  outboxMigrations,
  type IdempotentHandler,
  type Outbox,
} from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import type { IndexLocales } from '../documents/index-locales'
import { indexEvents } from '../index-events'
import { indexMigrations } from '../index-migrations'
import { createIndexHandlers } from '../projection/index-handlers'
import type { IndexSources } from '../projection/projector'

/* eslint-disable @typescript-eslint/no-explicit-any -- a test database with every package's tables */

/** English and Russian, each falling back to the other. */
export const EN_RU: IndexLocales = () =>
  Promise.resolve([
    { locale: 'en', candidates: ['en', 'ru'] },
    { locale: 'ru', candidates: ['ru', 'en'] },
  ])

/** The index's sources over the content and commerce packages' read functions. */
export const SOURCES: IndexSources = {
  content: (db) => createNodeIndexSource({ db }),
  products: (db) => createProductIndexSource({ db }),
}

/** A database with content, commerce and the index, their services, and a relay to drain. */
export interface IndexTestDb {
  readonly testDb: TestDb<any>
  readonly db: Kysely<any>
  readonly outbox: Outbox
  readonly handlers: readonly IdempotentHandler[]
  readonly nodes: NodeService
  readonly categories: CategoryService
  readonly tags: TagService
  readonly products: ProductService
  readonly productCategories: ProductCategoryService
  readonly pricing: PricingService
  readonly inventory: InventoryService
  /** Delivers every pending event to the projections. */
  drain(): Promise<void>
}

/** Opens {@link IndexTestDb} for one test file. */
export async function indexTestDb(): Promise<IndexTestDb> {
  const testDb = await createTestDb<any>({
    modules: [outboxMigrations, contentMigrations, commerceMigrations, indexMigrations],
  })
  const { db } = testDb
  const catalog = createEventCatalog(contentEvents, commerceEvents, indexEvents)
  const outbox = createOutbox({ catalog })
  const deps = { db, events: outbox }
  const handlers = createIndexHandlers({ db, sources: SOURCES, locales: EN_RU })
  const relay = createRelay({
    db,
    catalog,
    transport: {
      deliver: async (event) => {
        for (const handler of handlers)
          if (handler.types === '*' || handler.types.includes(event.type))
            await handler.handle(event)
      },
    },
  })
  return {
    testDb,
    db,
    outbox,
    handlers,
    nodes: createNodeService(deps),
    categories: createCategoryService(deps),
    tags: createTagService(deps),
    products: createProductService(deps),
    productCategories: createProductCategoryService(deps),
    pricing: createPricingService(deps),
    inventory: createInventoryService(deps),
    /** Delivers every pending event to the projections. */
    async drain(): Promise<void> {
      while ((await relay.runOnce()) > 0);
    },
  }
}
