import { keysetAfter } from '@rustok/core-db'
import type { Expression, SqlBool } from 'kysely'
import * as v from 'valibot'
import type { AnySchema } from '../routes/route-definition'

/**
 * One list style for every list route (documented in docs/api-conventions.md):
 *
 * - `limit`: 1–100, default 20.
 * - `cursor`: the opaque `nextCursor` of the previous page; absent for the first page.
 * - `sort`: one field of the route's allow-list, `-field` for descending.
 * - filters: plain query parameters named after the field (`status=active`), `q` for search.
 * - response: `{ "items": [...], "nextCursor": "…" | null }`.
 *
 * Pages are keyset pages over (sort field, id), so they stay stable while rows are added and cost
 * the same on page 1 and page 1,000. There is no total count: counting a large table on every page
 * is the cost keyset paging avoids.
 */
export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 100

/** A parsed `sort` parameter. */
export interface SortOrder<F extends string> {
  readonly field: F
  readonly direction: 'asc' | 'desc'
}

/** A decoded cursor: the sort value and id of the last row of the previous page. */
export interface Cursor {
  readonly value: string | number | null
  readonly id: string
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url')
}

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined
    const [value, id] = parsed as unknown[]
    const valueOk = value === null || typeof value === 'string' || typeof value === 'number'
    return valueOk && typeof id === 'string' ? { value, id } : undefined
  } catch {
    return undefined
  }
}

// The pattern states the whole rule (1 to 100), so the OpenAPI document carries it: the document
// describes a query parameter as the client sends it, before the transform to a number.
const LimitSchema = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^(?:[1-9]\d?|100)$/, `Expected a whole number from 1 to ${MAX_PAGE_SIZE}`),
    v.description(`Items per page: a whole number from 1 to ${MAX_PAGE_SIZE}.`),
    v.transform(Number),
  ),
  String(DEFAULT_PAGE_SIZE),
)

/** The longest cursor accepted; issued ones are far shorter. */
const MAX_CURSOR_LENGTH = 1024

const CursorSchema = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(MAX_CURSOR_LENGTH, `Expected at most ${MAX_CURSOR_LENGTH} characters`),
    v.regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor this API issued: pass a nextCursor back unchanged'),
    v.description('The `nextCursor` of the previous page, unchanged (opaque, base64url).'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const cursor = decodeCursor(dataset.value)
      if (cursor) return cursor
      addIssue({ message: 'Not a cursor this API issued: pass a nextCursor back unchanged' })
      return NEVER
    }),
  ),
)

function sortSchema<F extends string>(fields: readonly [F, ...F[]], defaultSort: string) {
  const allowed = fields.flatMap((field) => [field, `-${field}`])
  // The picklist comes first so the OpenAPI document lists the allowed values (its converter
  // describes a pipe's input up to the second schema or the first transform).
  return v.optional(
    v.pipe(
      v.picklist(allowed, `Expected one of: ${allowed.join(', ')}`),
      v.transform((text): SortOrder<F> =>
        text.startsWith('-')
          ? { field: text.slice(1) as F, direction: 'desc' }
          : { field: text as F, direction: 'asc' },
      ),
    ),
    defaultSort,
  )
}

/**
 * The query schema of a list route: `limit`, `cursor`, `sort` over `sortFields`, plus the route's
 * own filters (each an optional string parameter).
 *
 * @example
 * ```ts
 * const query = listQuery({
 *   sort: ['createdAt', 'email'],
 *   defaultSort: '-createdAt',
 *   filters: { role: v.optional(v.string()), q: v.optional(v.string()) },
 * })
 * ```
 */
export function listQuery<
  F extends string,
  E extends v.ObjectEntries = Record<never, never>,
>(options: {
  readonly sort: readonly [F, ...F[]]
  readonly defaultSort: F | `-${F}`
  readonly filters?: E
}) {
  return v.object({
    ...(options.filters ?? ({} as E)),
    limit: LimitSchema,
    cursor: CursorSchema,
    sort: sortSchema(options.sort, options.defaultSort),
  })
}

/** The response schema of a list route whose items match `item`. */
export function pageSchema<S extends AnySchema>(item: S) {
  return v.object({
    items: v.array(item),
    nextCursor: v.pipe(
      v.nullable(v.string()),
      v.description('Pass as `cursor` for the next page; null on the last page.'),
    ),
  })
}

/** One page of a list. */
export interface Page<T> {
  readonly items: readonly T[]
  readonly nextCursor: string | null
}

/**
 * The keyset condition "after the cursor" over `(sortColumn, idColumn)` in `direction`; `true` for
 * the first page. Order the query by the same two columns in the same direction and fetch
 * `limit + 1` rows, then pass them to {@link toPage}.
 */
export function afterCursor(
  columns: { readonly sort: string; readonly id: string },
  direction: 'asc' | 'desc',
  cursor: Cursor | undefined,
): Expression<SqlBool> {
  return keysetAfter({ column: columns.sort, idColumn: columns.id, direction, position: cursor })
}

/**
 * Turns `limit + 1` fetched rows into a page: the first `limit` mapped with `toItem`, and a cursor
 * from the last of them when there was one more row.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  map: { readonly item: (row: R) => T; readonly cursor: (row: R) => Cursor },
): Page<T> {
  const pageRows = rows.slice(0, limit)
  const last = pageRows.at(-1)
  return {
    items: pageRows.map((row) => map.item(row)),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(map.cursor(last)) : null,
  }
}
