import { createEventCatalog } from '@rustok/core-events'
import { createOutbox } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import { createProductService, type ProductService } from '../catalogue/product-service'
import type { CommerceDeps } from '../commerce-deps'
import { isCommerceError } from '../commerce-error'
import { commerceEvents } from '../commerce-events'
import type { CommerceTables } from '../commerce-tables'
import { createProductCategoryService, type ProductCategoryService } from './category-service'
import { createCollectionService, type CollectionService } from './collection-service'

/** The catalogue services over one database, with the same optional dependencies. */
export function groupingServices(
  db: Kysely<CommerceTables>,
  overrides: Partial<CommerceDeps> = {},
): {
  products: ProductService
  collections: CollectionService
  categories: ProductCategoryService
} {
  const deps = { db, events: createOutbox({ catalog: createEventCatalog(commerceEvents) }) }
  return {
    products: createProductService({ ...deps, ...overrides }),
    collections: createCollectionService({ ...deps, ...overrides }),
    categories: createProductCategoryService({ ...deps, ...overrides }),
  }
}

/** The code and field errors of the CommerceError `promise` rejects with. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isCommerceError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a CommerceError')
}

/** The SQLSTATE a raw statement fails with, or `ok`. */
export async function sqlState(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'ok',
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  )
}
