import { sql, type RawBuilder } from 'kysely'
import type { IndexEntity } from '../index-tables'
import { searchConfig } from '../search-config'
import { decodeCursor, queryWords, type SearchBase } from './search-port'
import { IndexError } from '../index-error'

/** The sort of a search, as SQL: its key, its direction, and how a cursor value is cast. */
export interface SortSpec {
  readonly key: RawBuilder<unknown>
  readonly desc: boolean
  readonly cast: 'float8' | 'timestamptz' | 'text' | 'int8'
}

/** The tsquery of `q` in the locale's configuration: every word, the last also as a prefix. */
export function tsQuery(query: SearchBase): RawBuilder<unknown> | null {
  const words = queryWords(query.q)
  if (words.length === 0) return null
  const text = words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ')
  return sql`to_tsquery(${searchConfig(query.locale)}::regconfig, ${text})`
}

/** The conditions every search has: tenant, live generation, locale, visibility, words. */
export function baseWhere(
  entity: IndexEntity,
  query: SearchBase,
  tsquery: RawBuilder<unknown> | null,
): RawBuilder<unknown>[] {
  const where = [
    sql`d.tenant_id = ${query.tenantId}`,
    sql`d.generation = coalesce((select g.active from index_generations g
      where g.tenant_id = ${query.tenantId} and g.entity = ${entity}), 0)`,
    sql`d.locale = ${query.locale}`,
  ]
  if (query.publishedOnly !== false) where.push(sql`d.published`)
  if (tsquery) where.push(sql`d.search @@ ${tsquery}`)
  if (query.categoryId !== undefined)
    where.push(sql`d.category_ids @> array[${query.categoryId}::uuid]`)
  return where
}

/** The keyset condition after a cursor, or none on the first page. */
export function afterCursor(
  sort: SortSpec,
  idColumn: string,
  cursor: string | undefined,
): RawBuilder<unknown> | null {
  if (cursor === undefined) return null
  const values = decodeCursor(cursor)
  const [value, id] = values ?? []
  if (!values || values.length !== 2 || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))
    throw new IndexError('INVALID_INPUT', 'The cursor is not one this search returned')
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new IndexError('INVALID_INPUT', 'The cursor is not one this search returned')
  const key = sql`${String(value)}::${sql.raw(sort.cast)}`
  const op = sql.raw(sort.desc ? '<' : '>')
  return sql`(${sort.key}, ${sql.ref(`d.${idColumn}`)}) ${op} (${key}, ${id}::uuid)`
}

/** `and`-joins conditions. */
export function and(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(conditions, sql` and `)
}

/** The page size: 1–100, default 20. */
export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? 20, 1), 100)
}
