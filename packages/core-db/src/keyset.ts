import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'

/**
 * Helpers for keyset pages over `(sort column, id)`, shared by every list query.
 *
 * PostgreSQL keeps timestamps to the microsecond, a JS `Date` to the millisecond: a cursor built
 * from a `Date` sits before its own row, so ascending pages repeat it and descending pages skip
 * rows. Timestamp cursors therefore carry the exact value as text, read with {@link exactTimestamp}.
 */

/** A `timestamptz` column as UTC ISO text with microseconds (`2026-11-22T06:28:09.123456Z`). */
export function exactTimestamp(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/

/**
 * Whether `text` is a UTC instant PostgreSQL compares exactly (at most microseconds). Cursors are
 * opaque but not signed: check a timestamp cursor with this before it reaches SQL, so a forged one
 * is invalid input rather than a cast error.
 */
export function isExactInstant(text: string): boolean {
  if (!ISO_INSTANT.test(text)) return false
  // Round-tripping the seconds through Date rejects what PostgreSQL would reject (02-30, 24:00).
  const seconds = text.slice(0, 19)
  const date = new Date(`${seconds}Z`)
  return date.getUTCFullYear() >= 1 && date.toISOString().slice(0, 19) === seconds
}

/** Where the previous page ended: its last row's sort value and id (a UUID). */
export interface KeysetPosition {
  readonly value: string | number | null
  readonly id: string
  /** Compare the value as a `timestamptz` (it came from {@link exactTimestamp}). */
  readonly timestamp?: boolean
}

/**
 * The condition "after `position`" over `(column, idColumn)` in `direction`; `true` without a
 * position. Order by the same two columns in the same direction and fetch `limit + 1` rows.
 *
 * @example
 * ```ts
 * db.selectFrom('users').selectAll()
 *   .where(keysetAfter({ column: 'created_at', direction: 'desc', position: cursor }))
 *   .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1)
 * ```
 */
export function keysetAfter(options: {
  readonly column: string
  readonly idColumn?: string
  readonly direction: 'asc' | 'desc'
  readonly position: KeysetPosition | undefined
}): Expression<SqlBool> {
  const { column, idColumn = 'id', direction, position } = options
  if (!position) return sql<SqlBool>`true`
  const op = sql.raw(direction === 'asc' ? '>' : '<')
  const value = position.timestamp ? sql`${position.value}::timestamptz` : sql`${position.value}`
  return sql<SqlBool>`(${sql.ref(column)}, ${sql.ref(idColumn)}) ${op} (${value}, ${position.id}::uuid)`
}

/** Escapes `%`, `_` and `\` so `text` matches literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}
