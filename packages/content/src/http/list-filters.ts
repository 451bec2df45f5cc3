import type { Cursor, SortOrder } from '@rustok/http'
import type { ListNodesInput, NodeSortField } from '../index'

/** The list query fields the admin and public lists share, as the route parsed them. */
export interface ListFilterQuery {
  readonly limit: number
  readonly cursor?: Cursor | undefined
  readonly sort: SortOrder<NodeSortField>
  readonly kind?: string | undefined
  readonly authorId?: string | undefined
  readonly categoryId?: string | undefined
  readonly tagId?: string | undefined
  readonly parentId?: string | undefined
  readonly locale?: string | undefined
  readonly publishedFrom?: Date | undefined
  readonly publishedTo?: Date | undefined
  readonly q?: string | undefined
}

/** The service's list input from a route's query; the locale defaults to the tenant's. */
export function listFilters(query: ListFilterQuery, defaultLocale: string): ListNodesInput {
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>
  return {
    limit: query.limit,
    sort: query.sort,
    locale: query.locale ?? defaultLocale,
    ...optional(
      'after',
      query.cursor && { value: query.cursor.value as string | number, id: query.cursor.id },
    ),
    ...optional('kind', query.kind),
    ...optional('authorId', query.authorId),
    ...optional('categoryId', query.categoryId),
    ...optional('tagId', query.tagId),
    ...optional('parentId', query.parentId === 'root' ? null : query.parentId),
    ...optional('publishedFrom', query.publishedFrom),
    ...optional('publishedTo', query.publishedTo),
    ...optional('q', query.q),
  }
}
