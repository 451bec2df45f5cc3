import type { Kysely } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import type { CommerceActor } from '../catalogue/product-tx'
import { writeCommerceChange } from '../catalogue/product-tx'
import { collectionCreated, collectionDeleted, collectionUpdated } from '../events/grouping-events'
import { parseInput } from '../internal/parse-input'
import {
  CreateCollectionSchema,
  UpdateCollectionSchema,
  type CollectionTranslationCommand,
  type CreateCollectionInput,
  type UpdateCollectionInput,
} from './grouping-schemas'
import { assertTenantProducts, handleFrom, invalid } from './grouping-tx'

/** A collection of a tenant. */
export interface CollectionRef {
  readonly tenantId: string
  readonly id: string
}

const notFound = (id: string): CommerceError =>
  new CommerceError('NOT_FOUND', `Collection ${id} not found`)

/** Replaces the collection's products with `productIds`, in that order. */
async function setProducts(
  trx: Kysely<CommerceTables>,
  ref: CollectionRef,
  productIds: readonly string[],
): Promise<void> {
  await assertTenantProducts(trx, { tenantId: ref.tenantId, path: 'productIds' }, productIds)
  await trx
    .deleteFrom('commerce_collection_products')
    .where('tenant_id', '=', ref.tenantId)
    .where('collection_id', '=', ref.id)
    .execute()
  if (productIds.length === 0) return
  await trx
    .insertInto('commerce_collection_products')
    .values(
      productIds.map((productId, position) => ({
        tenant_id: ref.tenantId,
        collection_id: ref.id,
        product_id: productId,
        position,
      })),
    )
    .execute()
}

/** Merges translations by locale: given fields change, others stay; a new locale needs a title. */
async function mergeTranslations(
  trx: Kysely<CommerceTables>,
  ref: CollectionRef,
  patches: readonly CollectionTranslationCommand[],
): Promise<void> {
  const existing = await trx
    .selectFrom('commerce_collection_translations')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('collection_id', '=', ref.id)
    .execute()
  const rows = patches.map((patch, index) => {
    const before = existing.find((row) => row.locale === patch.locale)
    const title = patch.title ?? before?.title
    if (title === undefined)
      throw invalid(`translations.${index}.title`, 'is required for a new locale')
    return {
      tenant_id: ref.tenantId,
      collection_id: ref.id,
      locale: patch.locale,
      title,
      // A renamed collection keeps its handle unless a new one is given: links stay valid.
      handle: patch.handle ?? before?.handle ?? handleFrom(title, 'collection'),
      description:
        patch.description !== undefined ? patch.description : (before?.description ?? null),
    }
  })
  await trx
    .insertInto('commerce_collection_translations')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['collection_id', 'locale']).doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        handle: eb.ref('excluded.handle'),
        description: eb.ref('excluded.description'),
      })),
    )
    .execute()
}

/** The input path of a taken handle. */
const handlePath =
  (translations: readonly CollectionTranslationCommand[] | undefined) =>
  (field: string, value: string): string => {
    const index = (translations ?? []).findIndex(
      (t) => (t.handle ?? handleFrom(t.title ?? '', 'collection')) === value,
    )
    return field === 'handle' ? `translations.${Math.max(index, 0)}.handle` : field
  }

/** Creates a collection with its translations and products; emits `collection.created`. */
export async function createCollection(
  deps: ResolvedCommerceDeps,
  by: { readonly tenantId: string; readonly actor: CommerceActor },
  rawInput: CreateCollectionInput,
): Promise<string> {
  const input = parseInput(CreateCollectionSchema, rawInput)
  const id = deps.newId()
  const ref = { tenantId: by.tenantId, id }
  await writeCommerceChange(
    deps,
    { ...by, fieldOf: handlePath(input.translations) },
    async (trx, events) => {
      const at = deps.now()
      await trx
        .insertInto('commerce_collections')
        .values({
          id,
          tenant_id: by.tenantId,
          metadata: JSON.stringify(input.metadata ?? {}),
          created_at: at,
          updated_at: at,
        })
        .execute()
      await mergeTranslations(trx, ref, input.translations)
      await setProducts(trx, ref, input.productIds ?? [])
      events.add(collectionCreated, { collectionId: id })
    },
  )
  return id
}

/** Updates a collection (translations merge by locale; `productIds` replaces the list). */
export async function updateCollection(
  deps: ResolvedCommerceDeps,
  command: CollectionRef & { readonly actor: CommerceActor },
  rawInput: UpdateCollectionInput,
): Promise<void> {
  const input = parseInput(UpdateCollectionSchema, rawInput)
  await writeCommerceChange(
    deps,
    { ...command, fieldOf: handlePath(input.translations) },
    async (trx, events) => {
      const changed = await trx
        .updateTable('commerce_collections')
        .set({
          updated_at: deps.now(),
          ...(input.metadata ? { metadata: JSON.stringify(input.metadata) } : {}),
        })
        .where('tenant_id', '=', command.tenantId)
        .where('id', '=', command.id)
        .returning('id')
        .executeTakeFirst()
      if (!changed) throw notFound(command.id)
      if (input.translations) await mergeTranslations(trx, command, input.translations)
      if (input.productIds) await setProducts(trx, command, input.productIds)
      events.add(collectionUpdated, { collectionId: command.id })
    },
  )
}

/** Deletes a collection; its products stay. Emits `collection.deleted`. */
export async function deleteCollection(
  deps: ResolvedCommerceDeps,
  command: CollectionRef & { readonly actor: CommerceActor },
): Promise<void> {
  await writeCommerceChange(deps, command, async (trx, events) => {
    const removed = await trx
      .deleteFrom('commerce_collections')
      .where('tenant_id', '=', command.tenantId)
      .where('id', '=', command.id)
      .returning('id')
      .executeTakeFirst()
    if (!removed) throw notFound(command.id)
    events.add(collectionDeleted, { collectionId: command.id })
  })
}

export { notFound as collectionNotFound }
