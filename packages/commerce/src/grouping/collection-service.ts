import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import type { CommerceActor } from '../catalogue/product-tx'
import {
  collectionByHandle,
  getCollection,
  listCollections,
  type CollectionPage,
  type ListCollectionsInput,
} from './collection-reads'
import {
  createCollection,
  deleteCollection,
  updateCollection,
  type CollectionRef,
} from './collection-writes'
import type { CreateCollectionInput, UpdateCollectionInput } from './grouping-schemas'
import type { Collection, CollectionSummary } from './grouping-types'

/** Hand-picked, ordered sets of products, translated. */
export interface CollectionService {
  create(tenantId: string, input: CreateCollectionInput, actor: CommerceActor): Promise<Collection>
  /** Translations merge by locale; `productIds` replaces the products (in its order). */
  update(
    collection: CollectionRef,
    input: UpdateCollectionInput,
    actor: CommerceActor,
  ): Promise<Collection>
  /** Deletes the collection; its products stay. */
  delete(collection: CollectionRef, actor: CommerceActor): Promise<void>
  get(collection: CollectionRef): Promise<Collection>
  /** `activeOnly` counts active products only (the storefront's view). */
  list(
    scope: { readonly tenantId: string; readonly activeOnly?: boolean },
    input: ListCollectionsInput,
  ): Promise<CollectionPage>
  /** By handle in the reader's locale (fallback chain); `NOT_FOUND` otherwise. */
  byHandle(
    scope: { readonly tenantId: string; readonly activeOnly?: boolean; readonly locale: string },
    handle: string,
  ): Promise<CollectionSummary>
}

/**
 * The collection service over a database that has the commerce tables.
 *
 * @example
 * ```ts
 * const collections = createCollectionService({ db, events: outbox })
 * const summer = await collections.create(tenantId, {
 *   translations: [{ locale: 'en', title: 'Summer' }],
 *   productIds: [tee.id],
 * }, { userId })
 * ```
 */
export function createCollectionService(options: CommerceDeps): CollectionService {
  const deps = resolveCommerceDeps(options)
  return {
    async create(tenantId, input, actor) {
      const id = await createCollection(deps, { tenantId, actor }, input)
      return getCollection(deps, { tenantId, id })
    },
    async update(collection, input, actor) {
      await updateCollection(deps, { ...collection, actor }, input)
      return getCollection(deps, collection)
    },
    delete: (collection, actor) => deleteCollection(deps, { ...collection, actor }),
    get: (collection) => getCollection(deps, collection),
    list: (scope, input) => listCollections(deps, scope, input),
    byHandle: (scope, handle) => collectionByHandle(deps, scope, handle),
  }
}
