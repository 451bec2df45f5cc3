import type { Kysely } from 'kysely'
import type { ContentTables } from '../content-tables'
import type { NodeSeo, OpenGraphMeta } from './seo-types'

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** The stored Open Graph object with every field present. */
function openGraphOf(stored: Readonly<Record<string, unknown>>): OpenGraphMeta {
  return {
    title: text(stored['title']),
    description: text(stored['description']),
    image: text(stored['image']),
    type: text(stored['type']),
  }
}

/**
 * The SEO meta of some nodes of one tenant, by node id, every locale (lowest first): one query
 * however many nodes.
 */
export async function loadSeo(
  db: Kysely<ContentTables>,
  nodes: { readonly tenantId: string; readonly ids: readonly string[] },
): Promise<Map<string, NodeSeo[]>> {
  const out = new Map<string, NodeSeo[]>()
  if (nodes.ids.length === 0) return out
  const rows = await db
    .selectFrom('content_seo')
    .selectAll()
    .where('tenant_id', '=', nodes.tenantId)
    .where('node_id', 'in', nodes.ids)
    .orderBy('locale')
    .execute()
  for (const row of rows) {
    const list = out.get(row.node_id) ?? []
    list.push({
      locale: row.locale,
      title: row.title,
      description: row.description,
      keywords: row.keywords,
      canonicalUrl: row.canonical_url,
      robots: row.robots,
      openGraph: openGraphOf(row.open_graph),
      structuredData: row.structured_data ?? null,
      updatedAt: row.updated_at.toISOString(),
    })
    out.set(row.node_id, list)
  }
  return out
}
