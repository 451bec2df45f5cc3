import { sql, type Kysely, type RawBuilder } from 'kysely'
import { searchConfig } from '../search-config'
import { afterCursor, and, baseWhere, pageSize, tsQuery, type SortSpec } from './pg-query'
import {
  encodeCursor,
  PRICE_BANDS,
  type ContentHit,
  type ContentSearch,
  type FacetCount,
  type ProductHit,
  type ProductSearch,
  type SearchEngine,
  type SearchFacets,
  type SearchPage,
} from './search-port'

/* eslint-disable @typescript-eslint/no-explicit-any -- searches any database with the index tables */

const HEADLINE = 'StartSel=<mark>, StopSel=</mark>, MaxWords=24, MinWords=8, MaxFragments=2'

function sortOf(
  sort: string,
  tsquery: RawBuilder<unknown> | null,
  currency: string | undefined,
): SortSpec {
  if (sort === 'relevance' && tsquery)
    return { key: sql`ts_rank(d.search, ${tsquery})::float8`, desc: true, cast: 'float8' }
  if (sort === 'title') return { key: sql`lower(d.title)`, desc: false, cast: 'text' }
  if ((sort === 'price_asc' || sort === 'price_desc') && currency !== undefined)
    return {
      key: sql`coalesce((d.prices->${currency}->>'min')::int8, 9223372036854775807)`,
      desc: sort === 'price_desc',
      cast: 'int8',
    }
  return { key: sql`d.created_at`, desc: true, cast: 'timestamptz' }
}

async function facetRows(
  db: Kysely<any>,
  facet: { from: RawBuilder<unknown>; where: RawBuilder<unknown>; unnest: RawBuilder<unknown> },
): Promise<FacetCount[]> {
  const { from, where, unnest } = facet
  const rows = await sql<{ value: string; label: string; count: string }>`
    select f.value::text as value, f.label as label, count(*) as count
    from ${from} cross join lateral ${unnest}
    where ${where}
    group by 1, 2 order by 3 desc, 1 limit 50`.execute(db)
  return rows.rows.map((row) => ({ value: row.value, label: row.label, count: Number(row.count) }))
}

async function priceFacet(
  db: Kysely<any>,
  where: RawBuilder<unknown>,
  currency: string,
): Promise<FacetCount[]> {
  const counts = PRICE_BANDS.map(
    ([min, max], i) =>
      sql`count(*) filter (where m >= ${min}${max === null ? sql`` : sql` and m < ${max}`}) as ${sql.ref(`b${i}`)}`,
  )
  const rows = await sql<Record<string, string>>`
    select ${sql.join(counts)} from (
      select (d.prices->${currency}->>'min')::int8 as m from index_products d where ${where}
    ) p where m is not null`.execute(db)
  const row = rows.rows[0] ?? {}
  return PRICE_BANDS.map(([min, max], i) => ({
    value: `${min}-${max ?? ''}`,
    label: `${min}–${max ?? '∞'}`,
    count: Number(row[`b${i}`] ?? 0),
  }))
}

async function page<T>(
  db: Kysely<any>,
  spec: {
    table: string
    idColumn: string
    where: RawBuilder<unknown>[]
    sort: SortSpec
    cursor: string | undefined
    limit: number
    select: RawBuilder<unknown>
  },
): Promise<{ rows: (T & { sort_key: unknown; id: string })[]; next: string | null }> {
  const after = afterCursor(spec.sort, spec.idColumn, spec.cursor)
  const where = and(after ? [...spec.where, after] : spec.where)
  const dir = sql.raw(spec.sort.desc ? 'desc' : 'asc')
  const result = await sql<T & { sort_key: unknown; id: string }>`
    select ${spec.select}, ${spec.sort.key} as sort_key, ${sql.ref(`d.${spec.idColumn}`)} as id
    from ${sql.table(spec.table)} d where ${where}
    order by ${spec.sort.key} ${dir}, ${sql.ref(`d.${spec.idColumn}`)} ${dir}
    limit ${spec.limit + 1}`.execute(db)
  const rows = result.rows.slice(0, spec.limit)
  const last = rows.at(-1)
  const sortValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value)
  return {
    rows,
    next:
      result.rows.length > spec.limit && last
        ? encodeCursor([sortValue(last.sort_key), last.id])
        : null,
  }
}

async function total(db: Kysely<any>, table: string, where: RawBuilder<unknown>): Promise<number> {
  const rows = await sql<{
    n: string
  }>`select count(*) as n from ${sql.table(table)} d where ${where}`.execute(db)
  return Number(rows.rows[0]?.n ?? 0)
}

/**
 * The default {@link SearchEngine}: PostgreSQL full-text search over the read models, in the live
 * generation. Weighted vectors (title A; excerpt, tags, categories, SEO B; body C; unstemmed
 * title and tags D for prefixes), the locale's text-search configuration, `ts_rank`,
 * `ts_headline` snippets, filters, facet counts over all matches, and keyset cursors.
 *
 * @example
 * ```ts
 * const search = createPgSearchEngine({ db })
 * const page = await search.searchProducts({ tenantId, locale: 'en', q: 'shirt', facets: true })
 * ```
 */
export function createPgSearchEngine(deps: { readonly db: Kysely<any> }): SearchEngine {
  const { db } = deps
  return {
    async searchContent(query: ContentSearch): Promise<SearchPage<ContentHit>> {
      const tsquery = tsQuery(query)
      const where = baseWhere('content', query, tsquery)
      if (query.kind !== undefined) where.push(sql`d.kind = ${query.kind}`)
      if (query.tagId !== undefined) where.push(sql`d.tag_ids @> array[${query.tagId}::uuid]`)
      if (query.authorId !== undefined) where.push(sql`d.author_id = ${query.authorId}::uuid`)
      const sort = sortOf(query.sort ?? (tsquery ? 'relevance' : 'newest'), tsquery, undefined)
      const cfg = searchConfig(query.locale)
      const snippet = tsquery
        ? sql`ts_headline(${cfg}::regconfig, concat_ws(' ', d.excerpt, left(d.body, 20000)), ${tsquery}, ${HEADLINE})`
        : sql`null`
      const found = await page<{
        locale: string
        text_locale: string
        kind: string
        status: string
        title: string
        slug: string
        excerpt: string | null
        snippet: string | null
        author_id: string | null
        category_names: string[]
        tag_names: string[]
        published_at: Date | null
      }>(db, {
        table: 'index_content',
        idColumn: 'node_id',
        where,
        sort,
        cursor: query.cursor,
        limit: pageSize(query.limit),
        select: sql`d.locale, d.text_locale, d.kind, d.status, d.title, d.slug, d.excerpt,
          ${snippet} as snippet, d.author_id, d.category_names, d.tag_names, d.published_at`,
      })
      const condition = and(where)
      const facets: SearchFacets | undefined = query.facets
        ? {
            category: await facetRows(db, {
              from: sql`index_content d`,
              where: condition,
              unnest: sql`unnest(d.category_ids, d.category_names) as f(value, label)`,
            }),
            tag: await facetRows(db, {
              from: sql`index_content d`,
              where: condition,
              unnest: sql`unnest(d.tag_ids, d.tag_names) as f(value, label)`,
            }),
          }
        : undefined
      return {
        items: found.rows.map((row) => ({
          id: row.id,
          locale: row.locale,
          textLocale: row.text_locale,
          kind: row.kind,
          status: row.status,
          title: row.title,
          slug: row.slug,
          excerpt: row.excerpt,
          snippet: row.snippet,
          authorId: row.author_id,
          categoryNames: row.category_names,
          tagNames: row.tag_names,
          publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
        })),
        next: found.next,
        total: await total(db, 'index_content', condition),
        ...(facets ? { facets } : {}),
      }
    },

    async searchProducts(query: ProductSearch): Promise<SearchPage<ProductHit>> {
      const tsquery = tsQuery(query)
      const where = baseWhere('products', query, tsquery)
      const { currency } = query
      if (query.tag !== undefined)
        where.push(sql`d.tags @> array[${query.tag.toLowerCase()}::text]`)
      if (query.inStock !== undefined) where.push(sql`d.in_stock = ${query.inStock}`)
      if (query.onSale !== undefined) where.push(sql`d.on_sale = ${query.onSale}`)
      if (currency !== undefined && query.priceMin !== undefined)
        where.push(sql`(d.prices->${currency}->>'min')::int8 >= ${query.priceMin}`)
      if (currency !== undefined && query.priceMax !== undefined)
        where.push(sql`(d.prices->${currency}->>'min')::int8 <= ${query.priceMax}`)
      const sort = sortOf(query.sort ?? (tsquery ? 'relevance' : 'newest'), tsquery, currency)
      const cfg = searchConfig(query.locale)
      const snippet = tsquery
        ? sql`ts_headline(${cfg}::regconfig, concat_ws(' ', d.subtitle, d.description), ${tsquery}, ${HEADLINE})`
        : sql`null`
      const found = await page<{
        locale: string
        text_locale: string
        status: string
        title: string
        handle: string
        snippet: string | null
        prices: Record<string, { min: number; max: number }>
        on_sale: boolean
        in_stock: boolean
        images: { url: string | null; mediaId: string | null }[]
        tags: string[]
        category_names: string[]
      }>(db, {
        table: 'index_products',
        idColumn: 'product_id',
        where,
        sort,
        cursor: query.cursor,
        limit: pageSize(query.limit),
        select: sql`d.locale, d.text_locale, d.status, d.title, d.handle, ${snippet} as snippet,
          d.prices, d.on_sale, d.in_stock, d.images, d.tags, d.category_names`,
      })
      const condition = and(where)
      const facets: SearchFacets | undefined = query.facets
        ? {
            category: await facetRows(db, {
              from: sql`index_products d`,
              where: condition,
              unnest: sql`unnest(d.category_ids, d.category_names) as f(value, label)`,
            }),
            tag: await facetRows(db, {
              from: sql`index_products d`,
              where: condition,
              unnest: sql`unnest(d.tags, d.tags) as f(value, label)`,
            }),
            ...(currency !== undefined ? { price: await priceFacet(db, condition, currency) } : {}),
          }
        : undefined
      return {
        items: found.rows.map((row) => ({
          id: row.id,
          locale: row.locale,
          textLocale: row.text_locale,
          status: row.status,
          title: row.title,
          handle: row.handle,
          snippet: row.snippet,
          prices: row.prices,
          onSale: row.on_sale,
          inStock: row.in_stock,
          thumbnail: row.images[0]?.url ?? row.images[0]?.mediaId ?? null,
          tags: row.tags,
          categoryNames: row.category_names,
        })),
        next: found.next,
        total: await total(db, 'index_products', condition),
        ...(facets ? { facets } : {}),
      }
    },
  }
}
