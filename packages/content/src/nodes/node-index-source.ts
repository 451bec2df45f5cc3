import { sql, type Kysely } from 'kysely'
import type { ContentDeps } from '../content-deps'
import type { ContentTables } from '../content-tables'
import type { CategoryTranslation, TagTranslation } from '../taxonomy/taxonomy-types'
import { loadTexts, toContentNode } from './node-rows'
import type { ContentNode } from './node-types'

/** A category on a node's path, with every translation. */
export interface IndexedCategory {
  readonly id: string
  readonly parentId: string | null
  readonly translations: readonly CategoryTranslation[]
}

/** A live node with what a read model denormalises: its category path and its tags' names. */
export interface NodeIndexRecord {
  readonly node: ContentNode
  /** The node's category and its ancestors, root first; empty without a category. */
  readonly categoryPath: readonly IndexedCategory[]
  readonly tags: readonly {
    readonly id: string
    readonly translations: readonly TagTranslation[]
  }[]
}

/** The read functions a read model (the index) uses to project content nodes. */
export interface NodeIndexSource {
  /** Ids of the tenant's live (not deleted) nodes after `after`, in id order. */
  ids(
    tenantId: string,
    page: { readonly after: string | null; readonly limit: number },
  ): Promise<readonly string[]>
  /** How many live nodes the tenant has. */
  count(tenantId: string): Promise<number>
  /** The live ones of `ids`, with texts, bodies, tags, SEO and category path: a fixed number of queries. */
  load(tenantId: string, ids: readonly string[]): Promise<readonly NodeIndexRecord[]>
}

/**
 * Read functions over content nodes for read models kept elsewhere (`@rustok/index`): batched,
 * tenant-scoped, deleted nodes left out.
 *
 * @example
 * ```ts
 * const source = createNodeIndexSource({ db })
 * const records = await source.load(tenantId, await source.ids(tenantId, { after: null, limit: 500 }))
 * ```
 */
export function createNodeIndexSource(deps: Pick<ContentDeps, 'db'>): NodeIndexSource {
  const db = deps.db as Kysely<ContentTables>
  return {
    async ids(tenantId, page) {
      let query = db
        .selectFrom('content_nodes')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('deleted_at', 'is', null)
      if (page.after !== null) query = query.where('id', '>', page.after)
      const rows = await query.orderBy('id').limit(page.limit).execute()
      return rows.map((row) => row.id)
    },
    async count(tenantId) {
      const row = await db
        .selectFrom('content_nodes')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async load(tenantId, ids) {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('content_nodes')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute()
      const texts = await loadTexts(db, { tenantId, ids: rows.map((row) => row.id) })
      const categoryIds = [
        ...new Set(rows.flatMap((row) => (row.category_id ? [row.category_id] : []))),
      ]
      const categories = await categoryTree(db, tenantId, categoryIds)
      const tagIds = [...new Set([...texts.tagIds.values()].flat())]
      const tagTexts = tagIds.length
        ? await db
            .selectFrom('content_tag_translations')
            .select(['tag_id', 'locale', 'name', 'slug'])
            .where('tenant_id', '=', tenantId)
            .where('tag_id', 'in', tagIds)
            .orderBy('locale')
            .execute()
        : []
      const tagsById = new Map<string, TagTranslation[]>()
      for (const { tag_id, ...translation } of tagTexts) {
        tagsById.set(tag_id, [...(tagsById.get(tag_id) ?? []), translation])
      }
      return rows.map((row) => {
        const path: IndexedCategory[] = []
        for (let id = row.category_id; id !== null;) {
          const category = categories.get(id)
          if (!category || path.length > 16) break
          path.unshift(category)
          id = category.parentId
        }
        const node = toContentNode(row, texts)
        return {
          node,
          categoryPath: path,
          tags: node.tagIds.map((id) => ({ id, translations: tagsById.get(id) ?? [] })),
        }
      })
    },
  }
}

async function categoryTree(
  db: Kysely<ContentTables>,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, IndexedCategory>> {
  if (ids.length === 0) return new Map()
  const rows = await sql<{ id: string; parent_id: string | null }>`
    with recursive up as (
      select id, parent_id from content_categories
      where tenant_id = ${tenantId} and id in (${sql.join(ids)})
      union
      select c.id, c.parent_id from content_categories c
      join up on c.id = up.parent_id
      where c.tenant_id = ${tenantId}
    )
    select id, parent_id from up`.execute(db)
  const texts = await db
    .selectFrom('content_category_translations')
    .select(['category_id', 'locale', 'name', 'slug', 'description'])
    .where('tenant_id', '=', tenantId)
    .where(
      'category_id',
      'in',
      rows.rows.map((row) => row.id),
    )
    .orderBy('locale')
    .execute()
  const out = new Map<string, IndexedCategory>()
  for (const row of rows.rows) {
    out.set(row.id, {
      id: row.id,
      parentId: row.parent_id,
      translations: texts
        .filter((text) => text.category_id === row.id)
        .map(({ category_id: _, ...translation }) => translation),
    })
  }
  return out
}
