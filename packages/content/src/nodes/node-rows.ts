import type { Kysely, Selectable } from 'kysely'
import type { ContentNodesTable, ContentTables } from '../content-tables'
import { loadSeo } from '../seo/seo-rows'
import type { NodeSeo } from '../seo/seo-types'
import type {
  ContentNode,
  LocalizedText,
  NodeBody,
  NodeFields,
  NodeTranslation,
} from './node-types'

/** A `content_nodes` row as read. */
export type NodeRow = Selectable<ContentNodesTable>

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/** The plain fields of a node row. */
export function toNodeFields(row: NodeRow): NodeFields {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    status: row.status,
    parentId: row.parent_id,
    depth: row.depth,
    authorId: row.author_id,
    categoryId: row.category_id,
    position: row.position,
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: iso(row.published_at),
    publishAt: iso(row.publish_at),
    unpublishAt: iso(row.unpublish_at),
    deletedAt: iso(row.deleted_at),
    revision: row.revision,
  }
}

/** Translations, bodies, tags and SEO meta of some nodes, by node id: a query each, however many nodes. */
export interface NodeTexts {
  readonly translations: ReadonlyMap<string, NodeTranslation[]>
  readonly bodies: ReadonlyMap<string, NodeBody[]>
  readonly tagIds: ReadonlyMap<string, string[]>
  readonly seo: ReadonlyMap<string, NodeSeo[]>
}

function group<T>(rows: readonly (T & { node_id: string })[], map: (row: T) => unknown) {
  const out = new Map<string, unknown[]>()
  for (const row of rows) {
    const list = out.get(row.node_id) ?? []
    list.push(map(row))
    out.set(row.node_id, list)
  }
  return out
}

/**
 * Loads the texts of `ids` (all of one tenant). `bodies: false`, `tags: false`, `seo: false` skip
 * those (lists).
 */
export async function loadTexts(
  db: Kysely<ContentTables>,
  nodes: { readonly tenantId: string; readonly ids: readonly string[] },
  options: { readonly bodies?: boolean; readonly tags?: boolean; readonly seo?: boolean } = {},
): Promise<NodeTexts> {
  const { tenantId, ids } = nodes
  if (ids.length === 0)
    return { translations: new Map(), bodies: new Map(), tagIds: new Map(), seo: new Map() }
  const translations = await db
    .selectFrom('content_node_translations')
    .select(['node_id', 'locale', 'title', 'slug', 'excerpt'])
    .where('tenant_id', '=', tenantId)
    .where('node_id', 'in', ids)
    .orderBy('locale')
    .execute()
  const bodies =
    options.bodies === false
      ? []
      : await db
          .selectFrom('content_bodies')
          .select(['node_id', 'locale', 'format', 'body', 'updated_at'])
          .where('tenant_id', '=', tenantId)
          .where('node_id', 'in', ids)
          .orderBy('locale')
          .execute()
  const tags =
    options.tags === false
      ? []
      : await db
          .selectFrom('content_node_tags')
          .select(['node_id', 'tag_id'])
          .where('tenant_id', '=', tenantId)
          .where('node_id', 'in', ids)
          .orderBy('tag_id')
          .execute()
  const seo = options.seo === false ? new Map() : await loadSeo(db, { tenantId, ids })
  return {
    translations: group(translations, (row) => ({
      locale: row.locale,
      title: row.title,
      slug: row.slug,
      excerpt: row.excerpt,
    })) as Map<string, NodeTranslation[]>,
    bodies: group(bodies, (row) => ({
      locale: row.locale,
      format: row.format,
      body: row.body,
      updatedAt: row.updated_at.toISOString(),
    })) as Map<string, NodeBody[]>,
    tagIds: group(tags, (row) => row.tag_id) as Map<string, string[]>,
    seo,
  }
}

/** A node row with its texts as the admin API shows it. */
export function toContentNode(row: NodeRow, texts: NodeTexts): ContentNode {
  return {
    ...toNodeFields(row),
    translations: texts.translations.get(row.id) ?? [],
    bodies: texts.bodies.get(row.id) ?? [],
    tagIds: texts.tagIds.get(row.id) ?? [],
    seo: texts.seo.get(row.id) ?? [],
  }
}

/**
 * Picks the item for the first of `candidates` it exists in, else the first item (the lowest
 * locale, so the answer is stable), else `null`.
 */
export function pickLocale<T extends { readonly locale: string }>(
  items: readonly T[],
  requested: string,
  candidates: readonly string[],
): LocalizedText<Omit<T, 'locale'>> | null {
  const byLocale = new Map(items.map((item) => [item.locale, item]))
  const chosen = candidates.map((locale) => byLocale.get(locale)).find(Boolean) ?? items[0]
  if (!chosen) return null
  const { locale, ...value } = chosen
  return { locale, requested, fallback: locale !== requested, value }
}
