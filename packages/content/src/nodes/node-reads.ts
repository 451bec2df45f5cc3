import { escapeLike, exactTimestamp, isExactInstant, keysetAfter } from '@rustok/core-db'
import { sql } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { parseInput, IdSchema, LocaleSchema, SlugSchema } from '../internal/parse-input'
import { readLocalized } from './localized-read'
import { loadTexts, pickLocale, toContentNode, toNodeFields } from './node-rows'
import {
  KindSchema,
  ListNodesSchema,
  type ListNodesInput,
  type NodeSortField,
} from './node-schemas'
import { notFound, type NodeRef } from './node-tx'
import type { ContentNode, LocalizedNode, NodeListItem } from './node-types'
import * as v from 'valibot'

/** Which nodes a read may see: every live one (admin), or published ones only (public). */
export interface Visibility {
  readonly publishedOnly?: boolean
}

/** How a localized read renders bodies: as stored, or as sanitised HTML. */
export interface LocalizedReadOptions extends Visibility {
  readonly locale: string
  readonly format?: 'stored' | 'html'
}

/** A node with every translation and body (admin view); `NOT_FOUND` when missing or deleted. */
export async function getNode(
  deps: ResolvedContentDeps,
  ref: NodeRef,
  options: { readonly deleted?: boolean } = {},
): Promise<ContentNode> {
  const { tenantId } = ref
  const nodeId = parseInput(IdSchema, ref.id, 'id')
  const row = await deps.db
    .selectFrom('content_nodes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', nodeId)
    .where('deleted_at', options.deleted === true ? 'is not' : 'is', null)
    .executeTakeFirst()
  if (!row) throw notFound(nodeId)
  return toContentNode(row, await loadTexts(deps.db, { tenantId, ids: [row.id] }))
}

/** A node in the reader's locale, through the tenant's fallback chain. */
export async function readNode(
  deps: ResolvedContentDeps,
  ref: NodeRef,
  options: LocalizedReadOptions,
): Promise<LocalizedNode> {
  const { tenantId } = ref
  const nodeId = parseInput(IdSchema, ref.id, 'id')
  const locale = parseInput(LocaleSchema, options.locale, 'locale')
  const node = await readLocalized(deps, { ...options, tenantId, target: { id: nodeId }, locale })
  if (!node) throw notFound(nodeId)
  return node
}

/** What a slug lookup found: the node, and whether the slug was an old one. */
export interface SlugMatch {
  readonly node: LocalizedNode
  /** The node's current slug in the asked locale when the asked slug is an old one (redirect). */
  readonly redirectTo: string | null
}

/** A slug lookup: (kind, locale, slug). */
export interface SlugQuery {
  readonly kind: string
  readonly locale: string
  readonly slug: string
}

/** The tenant of a slug lookup, what it may see, and how bodies are rendered. */
export interface SlugReadScope extends Visibility {
  readonly tenantId: string
  readonly format?: 'stored' | 'html'
}

const SlugQuerySchema = v.object({ kind: KindSchema, locale: LocaleSchema, slug: SlugSchema })

/**
 * Finds a node by (kind, locale, slug): a current slug, else an old one from the slug history
 * (then `redirectTo` names the current slug). `NOT_FOUND` when neither matches a visible node.
 */
export async function findBySlug(
  deps: ResolvedContentDeps,
  scope: SlugReadScope,
  query: SlugQuery,
): Promise<SlugMatch> {
  const { tenantId, ...options } = scope
  const { kind, locale, slug } = parseInput(SlugQuerySchema, query)
  const read = { ...options, tenantId, locale }
  const current = await readLocalized(deps, {
    ...read,
    target: { kind, slugLocale: locale, slug },
  })
  if (current) return { node: current, redirectTo: null }
  const retired = await readLocalized(deps, {
    ...read,
    target: { kind, slugLocale: locale, slug, retired: true },
  })
  if (!retired) throw new ContentError('NOT_FOUND', `No ${kind} with slug "${slug}" in ${locale}`)
  return { node: retired, redirectTo: retired.translation?.value.slug ?? null }
}

const SORT_COLUMNS: Record<
  NodeSortField,
  'created_at' | 'updated_at' | 'published_at' | 'position'
> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  publishedAt: 'published_at',
  position: 'position',
}

/** One page of a node list and where the next starts (`null` on the last page). */
export interface NodePage {
  readonly items: readonly NodeListItem[]
  readonly next: { readonly value: string | number; readonly id: string } | null
}

/**
 * A page of the tenant's nodes, filtered and sorted, each with its translation in `locale`
 * (fallback applied). Two queries per page however long: the nodes, then their translations.
 * Sorting by `publishedAt` lists only nodes that have been published.
 */
export async function listNodes(
  deps: ResolvedContentDeps,
  scope: Visibility & { readonly tenantId: string },
  rawInput: ListNodesInput,
): Promise<NodePage> {
  const { tenantId, ...options } = scope
  const input = parseInput(ListNodesSchema, rawInput)
  const column = SORT_COLUMNS[input.sort.field]
  const timestamp = column !== 'position'
  if (
    input.after &&
    timestamp &&
    !(typeof input.after.value === 'string' && isExactInstant(input.after.value))
  )
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this sort' }],
    })
  let query = deps.db
    .selectFrom('content_nodes')
    .selectAll('content_nodes')
    .select(
      timestamp
        ? exactTimestamp(`content_nodes.${column}`).as('sort_value')
        : sql<number>`content_nodes.position`.as('sort_value'),
    )
    .where('content_nodes.tenant_id', '=', tenantId)
    .where('content_nodes.deleted_at', input.deleted ? 'is not' : 'is', null)
  if (options.publishedOnly === true) query = query.where('content_nodes.status', '=', 'published')
  if (input.kind) query = query.where('content_nodes.kind', '=', input.kind)
  if (input.status) query = query.where('content_nodes.status', '=', input.status)
  if (input.authorId) query = query.where('content_nodes.author_id', '=', input.authorId)
  if (input.categoryId) query = query.where('content_nodes.category_id', '=', input.categoryId)
  if (input.parentId !== undefined)
    query = query.where(
      'content_nodes.parent_id',
      input.parentId === null ? 'is' : '=',
      input.parentId,
    )
  if (input.publishedFrom)
    query = query.where('content_nodes.published_at', '>=', input.publishedFrom)
  if (input.publishedTo) query = query.where('content_nodes.published_at', '<', input.publishedTo)
  if (column === 'published_at') query = query.where('content_nodes.published_at', 'is not', null)
  if (input.tagId) {
    const tagId = input.tagId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('content_node_tags as nt')
          .select('nt.node_id')
          .whereRef('nt.node_id', '=', 'content_nodes.id')
          .where('nt.tenant_id', '=', tenantId)
          .where('nt.tag_id', '=', tagId),
      ),
    )
  }
  if (input.q) {
    const pattern = `%${escapeLike(input.q.toLowerCase())}%`
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('content_node_translations as qt')
          .select('qt.node_id')
          .whereRef('qt.node_id', '=', 'content_nodes.id')
          .where('qt.tenant_id', '=', tenantId)
          .where(sql<boolean>`lower(qt.title) like ${pattern}`),
      ),
    )
  }
  const rows = await query
    .where(
      keysetAfter({
        column: `content_nodes.${column}`,
        idColumn: 'content_nodes.id',
        direction: input.sort.direction,
        position: input.after && { ...input.after, timestamp },
      }),
    )
    .orderBy(`content_nodes.${column}`, input.sort.direction)
    .orderBy('content_nodes.id', input.sort.direction)
    .limit(input.limit + 1)
    .execute()
  const page = rows.slice(0, input.limit)
  const locale = input.locale ?? 'en'
  const texts = await loadTexts(
    deps.db,
    { tenantId, ids: page.map((row) => row.id) },
    { bodies: false, tags: false, seo: false },
  )
  const candidates = await deps.locales(tenantId, locale)
  const items = page.map((row) => ({
    ...toNodeFields(row),
    translation: pickLocale(texts.translations.get(row.id) ?? [], locale, candidates),
  }))
  const last = page.at(-1)
  return {
    items,
    next: rows.length > input.limit && last ? { value: last.sort_value, id: last.id } : null,
  }
}
