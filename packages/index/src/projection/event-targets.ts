import type { ProductIndexSource } from '@rustok/commerce'
import type { EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import type { IndexEntity } from '../index-tables'

/* eslint-disable @typescript-eslint/no-explicit-any -- reads the index tables on any database */

/** The content events the projection follows. */
export const CONTENT_EVENT_TYPES: readonly string[] = [
  'node.created',
  'node.updated',
  'node.translation.updated',
  'node.published',
  'node.unpublished',
  'node.deleted',
  'node.archived',
  'node.restored',
  'node.moved',
  'node.purged',
  'body.updated',
  'tag.attached',
  'tag.detached',
  'tag.deleted',
  'category.updated',
  'category.deleted',
  'index.reindex_requested',
]

/** The catalogue events the projection follows. */
export const PRODUCT_EVENT_TYPES: readonly string[] = [
  'product.created',
  'product.updated',
  'product.published',
  'product.deleted',
  'product.archived',
  'product.restored',
  'variant.created',
  'variant.updated',
  'variant.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
  'inventory.updated',
  'product_category.updated',
  'product_category.deleted',
  'collection.created',
  'collection.updated',
  'collection.deleted',
  'index.reindex_requested',
]

const str = (payload: unknown, key: string): string | undefined => {
  const value = (payload as Record<string, unknown> | null)?.[key]
  return typeof value === 'string' ? value : undefined
}

/** Documents (any generation) of the tenant whose `column` array holds `value`. */
async function holding(
  trx: Kysely<any>,
  scope: { entity: IndexEntity; tenantId: string; column: string; value: string },
): Promise<string[]> {
  const table = scope.entity === 'content' ? 'index_content' : 'index_products'
  const id = scope.entity === 'content' ? 'node_id' : 'product_id'
  const cast = scope.column === 'tags' ? 'text' : 'uuid'
  const rows = await sql<{ id: string }>`
    select distinct ${sql.ref(id)} as id from ${sql.table(table)}
    where tenant_id = ${scope.tenantId}
      and ${sql.ref(scope.column)} @> array[${scope.value}::${sql.raw(cast)}]`.execute(trx)
  return rows.rows.map((row) => row.id)
}

/** What {@link targetsOf} looks at: the event, and the products' source on the same transaction. */
interface TargetLookup {
  readonly entity: IndexEntity
  readonly event: EventEnvelope
  readonly products?: ProductIndexSource
}

/** The ids of `entity` an event changes, to re-read from the source (none: not this entity's). */
export async function targetsOf(
  trx: Kysely<any>,
  target: TargetLookup,
): Promise<readonly string[]> {
  const { entity, event } = target
  const { payload, tenantId, type } = event
  if (type === 'index.reindex_requested') {
    const wanted = entity === 'content' ? 'node' : 'product'
    const id = str(payload, 'targetId')
    return str(payload, 'targetType') === wanted && id ? [id] : []
  }
  if (entity === 'content') {
    if (type.startsWith('node.') || type === 'body.updated') return [str(payload, 'nodeId')!]
    if (type === 'tag.attached' || type === 'tag.detached')
      return str(payload, 'targetType') === 'node' ? [str(payload, 'targetId')!] : []
    if (type === 'tag.deleted')
      return holding(trx, { entity, tenantId, column: 'tag_ids', value: str(payload, 'tagId')! })
    if (type.startsWith('category.'))
      return holding(trx, {
        entity,
        tenantId,
        column: 'category_ids',
        value: str(payload, 'categoryId')!,
      })
    return []
  }
  if (type.startsWith('product_category.'))
    return holding(trx, {
      entity,
      tenantId,
      column: 'category_ids',
      value: str(payload, 'categoryId')!,
    })
  if (type.startsWith('collection.')) {
    // Products that left the collection hold it in their documents; products that joined it are
    // in it now (the source's read function): both are re-read.
    const collectionId = str(payload, 'collectionId')!
    const held = await holding(trx, {
      entity,
      tenantId,
      column: 'collection_ids',
      value: collectionId,
    })
    const members = (await target.products?.collectionProductIds(tenantId, collectionId)) ?? []
    return [...new Set([...held, ...members])]
  }
  const productId = str(payload, 'productId')
  return productId ? [productId] : []
}
