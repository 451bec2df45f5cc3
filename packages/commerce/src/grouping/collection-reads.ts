import { escapeLike, exactTimestamp, keysetAfter } from '@rustok/core-db'
import { sql } from 'kysely'
import * as v from 'valibot'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { groupBy, pickTranslation } from '../internal/pick-translation'
import { HandleSchema, IdSchema, LocaleSchema, parseInput } from '../internal/parse-input'
import { collectionNotFound, type CollectionRef } from './collection-writes'
import type { Collection, CollectionSummary } from './grouping-types'

/** A collection with every translation and its product ids in order: three queries. */
export async function getCollection(
  deps: ResolvedCommerceDeps,
  ref: CollectionRef,
): Promise<Collection> {
  const id = parseInput(IdSchema, ref.id)
  const { tenantId } = ref
  const row = await deps.db
    .selectFrom('commerce_collections')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw collectionNotFound(id)
  const [translations, products] = await Promise.all([
    deps.db
      .selectFrom('commerce_collection_translations')
      .select(['locale', 'title', 'handle', 'description'])
      .where('tenant_id', '=', tenantId)
      .where('collection_id', '=', id)
      .orderBy('locale')
      .execute(),
    deps.db
      .selectFrom('commerce_collection_products')
      .select('product_id')
      .where('tenant_id', '=', tenantId)
      .where('collection_id', '=', id)
      .orderBy('position')
      .execute(),
  ])
  return {
    id: row.id,
    tenantId: row.tenant_id,
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    translations,
    productIds: products.map((p) => p.product_id),
  }
}

/** Input of `collections.list`. */
export interface ListCollectionsInput {
  /** 1–100, default 20. */
  readonly limit?: number
  /** The `next` of the previous page. */
  readonly after?: { readonly value: string; readonly id: string }
  /** The reader's locale (the tenant's fallback applies); default `en`. */
  readonly locale?: string
  /** Case-insensitive part of a title in any locale. */
  readonly q?: string
}

/** The schema of {@link ListCollectionsInput}. */
export const ListCollectionsSchema: v.GenericSchema<
  ListCollectionsInput,
  { limit: number; after?: { value: string; id: string }; locale: string; q?: string }
> = v.object({
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)), 20),
  after: v.optional(v.object({ value: v.string(), id: v.pipe(v.string(), v.uuid()) })),
  locale: v.optional(LocaleSchema, 'en'),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
})

/** A page of collections and where the next starts (`null` on the last page). */
export interface CollectionPage {
  readonly items: readonly CollectionSummary[]
  readonly next: { readonly value: string; readonly id: string } | null
}

/**
 * A page of the tenant's collections, newest first, each in the reader's locale with its
 * product count (`activeOnly`: active products only, the storefront's view). Three statements.
 */
export async function listCollections(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly activeOnly?: boolean },
  rawInput: ListCollectionsInput,
): Promise<CollectionPage> {
  const input = parseInput(ListCollectionsSchema, rawInput)
  const { tenantId } = scope
  let query = deps.db
    .selectFrom('commerce_collections as c')
    .select(['c.id'])
    .select(exactTimestamp('c.created_at').as('cursor'))
    .where('c.tenant_id', '=', tenantId)
  if (input.q) {
    const pattern = `%${escapeLike(input.q.toLowerCase())}%`
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('commerce_collection_translations as t')
          .select('t.collection_id')
          .whereRef('t.collection_id', '=', 'c.id')
          .where('t.tenant_id', '=', tenantId)
          .where(sql<boolean>`lower(t.title) like ${pattern}`),
      ),
    )
  }
  const rows = await query
    .where(
      keysetAfter({
        column: 'c.created_at',
        idColumn: 'c.id',
        direction: 'desc',
        position: input.after && { ...input.after, timestamp: true },
      }),
    )
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(input.limit + 1)
    .execute()
  const page = rows.slice(0, input.limit)
  const items = await summaries(
    deps,
    { ...scope, locale: input.locale },
    page.map((r) => r.id),
  )
  const last = page.at(-1)
  return {
    items,
    next: rows.length > input.limit && last ? { value: last.cursor, id: last.id } : null,
  }
}

/** Summaries of `ids` (in that order) for a reader: two statements. */
async function summaries(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly activeOnly?: boolean; readonly locale: string },
  ids: readonly string[],
): Promise<CollectionSummary[]> {
  if (ids.length === 0) return []
  const { tenantId } = scope
  let counts = deps.db
    .selectFrom('commerce_collection_products as cp')
    .select(['cp.collection_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cp.tenant_id', '=', tenantId)
    .where('cp.collection_id', 'in', ids)
    .groupBy('cp.collection_id')
  if (scope.activeOnly === true)
    counts = counts
      .innerJoin('commerce_products as p', (join) =>
        join.onRef('p.id', '=', 'cp.product_id').onRef('p.tenant_id', '=', 'cp.tenant_id'),
      )
      .where('p.status', '=', 'active')
  const [texts, countRows, candidates] = await Promise.all([
    deps.db
      .selectFrom('commerce_collection_translations')
      .select(['collection_id', 'locale', 'title', 'handle', 'description'])
      .where('tenant_id', '=', tenantId)
      .where('collection_id', 'in', ids)
      .orderBy('locale')
      .execute(),
    counts.execute(),
    deps.locales(tenantId, scope.locale),
  ])
  const textsBy = groupBy(texts, (t) => t.collection_id)
  const countBy = new Map(countRows.map((row) => [row.collection_id, Number(row.n)]))
  return ids.map((id) => {
    const chosen = pickTranslation(candidates, textsBy.get(id) ?? [])
    return {
      id,
      translation: chosen && {
        locale: chosen.locale,
        title: chosen.title,
        handle: chosen.handle,
        description: chosen.description,
      },
      productCount: countBy.get(id) ?? 0,
    }
  })
}

/**
 * The collection whose handle is `handle` in any of the reader's candidate locales (the
 * tenant's fallback chain, in order), as a summary; `NOT_FOUND` otherwise.
 */
export async function collectionByHandle(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly activeOnly?: boolean; readonly locale: string },
  rawHandle: string,
): Promise<CollectionSummary> {
  const handle = parseInput(HandleSchema, rawHandle)
  const locale = parseInput(LocaleSchema, scope.locale)
  const candidates = await deps.locales(scope.tenantId, locale)
  const rows = await deps.db
    .selectFrom('commerce_collection_translations')
    .select(['collection_id', 'locale'])
    .where('tenant_id', '=', scope.tenantId)
    .where('handle', '=', handle)
    .execute()
  const match = pickTranslation(candidates, rows)
  if (!match) throw collectionNotFound(handle)
  const [summary] = await summaries(deps, { ...scope, locale }, [match.collection_id])
  if (!summary) throw collectionNotFound(handle)
  return summary
}
