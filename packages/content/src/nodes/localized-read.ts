import { sql, type RawBuilder } from 'kysely'
import { bodyAsHtml } from '../body-format'
import type { ResolvedContentDeps } from '../content-deps'
import type { BodyFormat } from '../content-tables'
import type { NodeSeo } from '../seo/seo-types'
import { toNodeFields, type NodeRow } from './node-rows'
import type { LocalizedNode, LocalizedText } from './node-types'

/** Which node a localized read is for: by id, by current slug, or by an old slug. */
export type LocalizedTarget =
  | { readonly id: string }
  | {
      readonly slug: string
      readonly kind: string
      readonly slugLocale: string
      readonly retired?: boolean
    }

interface Picked<T> {
  readonly locale: string
  readonly value: T
}

// The best row of a node's per-locale table for the reader: the first candidate locale it has,
// else its lowest locale — the same rule as pickLocale, in SQL.
const best = (columns: RawBuilder<unknown>, table: string, candidates: readonly string[]) => sql`(
  select to_jsonb(x) from (
    select ${columns} from ${sql.table(table)}
    where tenant_id = n.tenant_id and node_id = n.id
    order by array_position(${sql.val(candidates)}::text[], locale) nulls last, locale
    limit 1
  ) x)`

function targetCondition(tenantId: string, target: LocalizedTarget): RawBuilder<unknown> {
  if ('id' in target) return sql`n.id = ${target.id}`
  const table = target.retired === true ? 'content_slug_history' : 'content_node_translations'
  return sql`n.id = (
    select node_id from ${sql.table(table)}
    where tenant_id = ${tenantId} and kind = ${target.kind} and locale = ${target.slugLocale}
      and slug = ${target.slug})`
}

const localized = <T>(picked: Picked<T> | null, requested: string): LocalizedText<T> | null =>
  picked && {
    locale: picked.locale,
    requested,
    fallback: picked.locale !== requested,
    value: picked.value,
  }

/**
 * A node in the reader's locale in one statement: the node row, its best translation, body and
 * SEO meta through the candidate locales, and its tag ids. `undefined` when no visible node
 * matches.
 */
export async function readLocalized(
  deps: ResolvedContentDeps,
  read: {
    readonly tenantId: string
    readonly target: LocalizedTarget
    readonly locale: string
    readonly publishedOnly?: boolean
    readonly format?: 'stored' | 'html'
  },
): Promise<LocalizedNode | undefined> {
  const { tenantId, locale } = read
  const candidates = await deps.locales(tenantId, locale)
  const { rows } = await sql<
    NodeRow & {
      t: { locale: string; title: string; slug: string; excerpt: string | null } | null
      b: { locale: string; format: BodyFormat; body: string } | null
      s: {
        locale: string
        title: string | null
        description: string | null
        keywords: string | null
        canonical_url: string | null
        robots: string | null
        open_graph: Record<string, unknown>
        structured_data: unknown
        updated_at: string
      } | null
      tag_ids: string[]
    }
  >`
    select n.*,
      ${best(sql`locale, title, slug, excerpt`, 'content_node_translations', candidates)} as t,
      ${best(sql`locale, format, body`, 'content_bodies', candidates)} as b,
      ${best(
        sql`locale, title, description, keywords, canonical_url, robots, open_graph, structured_data,
          to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at`,
        'content_seo',
        candidates,
      )} as s,
      array(select tag_id::text from content_node_tags
            where tenant_id = n.tenant_id and node_id = n.id order by tag_id) as tag_ids
    from content_nodes n
    where n.tenant_id = ${tenantId} and ${targetCondition(tenantId, read.target)}
      and n.deleted_at is null
      ${read.publishedOnly === true ? sql`and n.status = 'published'` : sql``}`.execute(deps.db)
  const row = rows[0]
  if (!row) return undefined
  const { t, b, s } = row
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
  const seo: Picked<Omit<NodeSeo, 'locale'>> | null = s && {
    locale: s.locale,
    value: {
      title: s.title,
      description: s.description,
      keywords: s.keywords,
      canonicalUrl: s.canonical_url,
      robots: s.robots,
      openGraph: {
        title: text(s.open_graph['title']),
        description: text(s.open_graph['description']),
        image: text(s.open_graph['image']),
        type: text(s.open_graph['type']),
      },
      structuredData: s.structured_data ?? null,
      updatedAt: s.updated_at,
    },
  }
  return {
    ...toNodeFields({
      ...row,
      created_at: new Date(row.created_at),
      updated_at: new Date(row.updated_at),
    }),
    translation: localized(
      t && { locale: t.locale, value: { title: t.title, slug: t.slug, excerpt: t.excerpt } },
      locale,
    ),
    body: localized(
      b && {
        locale: b.locale,
        value: {
          format: b.format,
          body: b.body,
          ...(read.format === 'html' ? { html: bodyAsHtml(b.format, b.body) ?? '' } : {}),
        },
      },
      locale,
    ),
    tagIds: row.tag_ids,
    seo: localized(seo, locale),
  }
}
