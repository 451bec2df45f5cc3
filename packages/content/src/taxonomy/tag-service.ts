import { keysetAfter } from '@rustok/core-db'
import { sql, type Kysely, type Selectable } from 'kysely'
import { resolveDeps, type ContentDeps, type ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentTables, ContentTagsTable } from '../content-tables'
import { tagAttached, tagCreated, tagDeleted, tagDetached } from '../events/tag-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import { pickLocale } from '../nodes/node-rows'
import { lockNode, type NodeRef } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'
import { slugFromTitle } from '../nodes/slugs'
import { assertSlugsFree, writeTerm } from './taxonomy-tx'
import {
  CreateTagSchema,
  ListTagsSchema,
  type CreateTagInput,
  type ListTagsInput,
} from './taxonomy-schemas'
import type { Tag, TagPage, TagTranslation } from './taxonomy-types'

/** A tag of a tenant. */
export interface TagRef {
  readonly tenantId: string
  readonly id: string
}

/** A node and a tag of one tenant, to link or unlink. */
export interface TagLink {
  readonly node: NodeRef
  readonly tagId: string
}

/**
 * Tags of every tenant and their links to nodes. `useCount` is kept in the transaction of each
 * attach and detach (and of a node's purge). Another tenant's tag or node is `NOT_FOUND`.
 */
export interface TagService {
  /** Creates a tag; slugs default to the slugified name (unique per tenant and locale). */
  create(tenantId: string, input: CreateTagInput, actor: ContentActor): Promise<Tag>
  get(tag: TagRef): Promise<Tag>
  /** A keyset page by use count or by name in the reader's locale (fallback applied). */
  list(tenantId: string, input?: ListTagsInput): Promise<TagPage>
  /** Deletes a tag and its links to nodes; emits `tag.deleted`. */
  delete(tag: TagRef, actor: ContentActor): Promise<void>
  /**
   * Puts the tag on a live node (idempotent: `false` when it was already there, and then nothing
   * is written). The actor must be allowed to change the node.
   */
  attach(link: TagLink, actor: ContentActor): Promise<boolean>
  /** Takes the tag off a live node (idempotent: `false` when it was not there). */
  detach(link: TagLink, actor: ContentActor): Promise<boolean>
}

type TagRow = Selectable<ContentTagsTable>

const tagNotFound = (id: string): ContentError =>
  new ContentError('NOT_FOUND', `Tag ${id} not found`)

async function loadTranslations(
  db: Kysely<ContentTables>,
  scope: { readonly tenantId: string; readonly ids: readonly string[] },
): Promise<Map<string, TagTranslation[]>> {
  const out = new Map<string, TagTranslation[]>()
  if (scope.ids.length === 0) return out
  const rows = await db
    .selectFrom('content_tag_translations')
    .select(['tag_id', 'locale', 'name', 'slug'])
    .where('tenant_id', '=', scope.tenantId)
    .where('tag_id', 'in', scope.ids)
    .orderBy('locale')
    .execute()
  for (const { tag_id, ...translation } of rows) {
    const list = out.get(tag_id) ?? []
    list.push(translation)
    out.set(tag_id, list)
  }
  return out
}

async function getTag(deps: ResolvedContentDeps, ref: TagRef): Promise<Tag> {
  const id = parseInput(IdSchema, ref.id, 'id')
  const row = await deps.db
    .selectFrom('content_tags')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw tagNotFound(id)
  const translations = await loadTranslations(deps.db, { tenantId: ref.tenantId, ids: [id] })
  return {
    id: row.id,
    tenantId: row.tenant_id,
    useCount: row.use_count,
    createdAt: row.created_at.toISOString(),
    translations: translations.get(id) ?? [],
  }
}

async function listTags(
  deps: ResolvedContentDeps,
  tenantId: string,
  rawInput: ListTagsInput,
): Promise<TagPage> {
  const input = parseInput(ListTagsSchema, rawInput)
  const byName = input.sort.field === 'name'
  const { direction } = input.sort
  const after = input.after
  if (after && (byName ? typeof after.value !== 'string' : !Number.isSafeInteger(after.value)))
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this sort' }],
    })
  const candidates = await deps.locales(tenantId, input.locale)
  // The name a reader sees (the first locale of the fallback chain the tag has, else its lowest
  // locale, as pickLocale chooses), computed in SQL so the keyset can order by it.
  const shownName = sql<string>`(
    select lower(tt.name) from content_tag_translations tt
    where tt.tenant_id = t.tenant_id and tt.tag_id = t.id
    order by array_position(${sql.val(candidates)}::text[], tt.locale) nulls last, tt.locale
    limit 1)`
  const inner = deps.db
    .selectFrom('content_tags as t')
    .selectAll('t')
    .select(byName ? shownName.as('sort_value') : sql<number>`t.use_count`.as('sort_value'))
    .where('t.tenant_id', '=', tenantId)
  const found = await deps.db
    .selectFrom(inner.as('x'))
    .selectAll('x')
    .where(
      keysetAfter({
        column: 'x.sort_value',
        idColumn: 'x.id',
        direction,
        position: after && { value: after.value, id: after.id },
      }),
    )
    .orderBy('x.sort_value', direction)
    .orderBy('x.id', direction)
    .limit(input.limit + 1)
    .execute()
  const rows = found.slice(0, input.limit)
  const translations = await loadTranslations(deps.db, { tenantId, ids: rows.map((r) => r.id) })
  const last = rows.at(-1)
  return {
    items: rows.map((row) => ({
      id: row.id,
      useCount: row.use_count,
      createdAt: row.created_at.toISOString(),
      translation: pickLocale(translations.get(row.id) ?? [], input.locale, candidates),
    })),
    next: found.length > input.limit && last ? { value: last.sort_value, id: last.id } : null,
  }
}

/** Locks the tenant's tag for a change (so a delete waits for a link, and back); `NOT_FOUND`. */
async function lockTag(trx: Kysely<ContentTables>, ref: TagRef): Promise<TagRow> {
  const row = await trx
    .selectFrom('content_tags')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw tagNotFound(ref.id)
  return row
}

async function changeLink(
  deps: ResolvedContentDeps,
  request: { readonly link: TagLink; readonly actor: ContentActor; readonly attach: boolean },
): Promise<boolean> {
  const { actor, attach } = request
  const tenantId = request.link.node.tenantId
  const nodeId = parseInput(IdSchema, request.link.node.id, 'id')
  const tagId = parseInput(IdSchema, request.link.tagId, 'tagId')
  return writeTerm(deps, { tenantId, actor, kind: 'tag' }, async (trx, events) => {
    // The node first, as node writes lock it; then the tag, as a tag delete does.
    await lockNode(trx, { tenantId, id: nodeId, actor })
    await lockTag(trx, { tenantId, id: tagId })
    const changed = attach
      ? await trx
          .insertInto('content_node_tags')
          .values({ tenant_id: tenantId, node_id: nodeId, tag_id: tagId, created_at: deps.now() })
          .onConflict((oc) => oc.columns(['node_id', 'tag_id']).doNothing())
          .returning('tag_id')
          .executeTakeFirst()
      : await trx
          .deleteFrom('content_node_tags')
          .where('tenant_id', '=', tenantId)
          .where('node_id', '=', nodeId)
          .where('tag_id', '=', tagId)
          .returning('tag_id')
          .executeTakeFirst()
    if (!changed) return false
    await trx
      .updateTable('content_tags')
      .set((eb) => ({ use_count: eb('use_count', attach ? '+' : '-', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', tagId)
      .execute()
    const payload = { tagId, targetType: 'node', targetId: nodeId }
    events.add(attach ? tagAttached : tagDetached, payload)
    return true
  })
}

/**
 * The tag service over a database that has the content tables (the same deps as
 * `createNodeService`).
 *
 * @example
 * ```ts
 * const tags = createTagService({ db, events: outbox })
 * const tag = await tags.create(tenantId, { translations: [{ locale: 'en', name: 'Rust' }] }, actor)
 * await tags.attach({ node: { tenantId, id: postId }, tagId: tag.id }, actor) // true
 * ```
 */
export function createTagService(options: ContentDeps): TagService {
  const deps = resolveDeps(options)
  return {
    async create(tenantId, rawInput, actor) {
      const input = parseInput(CreateTagSchema, rawInput)
      const id = deps.newId()
      await writeTerm(deps, { tenantId, actor, kind: 'tag' }, async (trx, events) => {
        await trx
          .insertInto('content_tags')
          .values({ id, tenant_id: tenantId, created_at: deps.now() })
          .execute()
        const rows = input.translations.map((t) => ({
          tenant_id: tenantId,
          tag_id: id,
          locale: t.locale,
          name: t.name,
          slug: t.slug ?? slugFromTitle(t.name, 'tag'),
        }))
        await assertSlugsFree(
          trx,
          { kind: 'tag', tenantId, id },
          rows.map((row, index) => ({ ...row, path: `translations.${index}.slug` })),
        )
        await trx.insertInto('content_tag_translations').values(rows).execute()
        events.add(tagCreated, { tagId: id })
      })
      return getTag(deps, { tenantId, id })
    },
    get: (tag) => getTag(deps, tag),
    list: (tenantId, input = {}) => listTags(deps, tenantId, input),
    async delete(tag, actor) {
      const id = parseInput(IdSchema, tag.id, 'id')
      await writeTerm(deps, { tenantId: tag.tenantId, actor, kind: 'tag' }, async (trx, events) => {
        await lockTag(trx, { tenantId: tag.tenantId, id })
        // The links go with it (on delete cascade).
        await trx
          .deleteFrom('content_tags')
          .where('tenant_id', '=', tag.tenantId)
          .where('id', '=', id)
          .execute()
        events.add(tagDeleted, { tagId: id })
      })
    },
    attach: (link, actor) => changeLink(deps, { link, actor, attach: true }),
    detach: (link, actor) => changeLink(deps, { link, actor, attach: false }),
  }
}
