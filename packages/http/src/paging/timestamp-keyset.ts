import { exactTimestamp, isExactInstant } from '@rustok/core-db'
import * as v from 'valibot'
import type { Cursor } from './pagination'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CURSOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const ISO_DATE_OR_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

/** Re-exported for the list queries: the exact text of a `timestamptz` for a cursor. */
export { exactTimestamp }

/**
 * Whether a decoded cursor could have come from a (timestamp, uuid) keyset. Cursors are opaque but
 * not signed: a forged one must be a 400, not a PostgreSQL cast error (500).
 */
export function isTimestampCursor(cursor: Cursor | undefined): boolean {
  if (cursor === undefined) return true
  const { value, id } = cursor
  return (
    typeof value === 'string' &&
    CURSOR_TIMESTAMP.test(value) &&
    isExactInstant(value) &&
    UUID.test(id)
  )
}

/** The issue message for a cursor {@link isTimestampCursor} refuses. */
export const FOREIGN_CURSOR = 'Not a cursor this API issued: pass a nextCursor back unchanged'

const TIMESTAMP_MESSAGE =
  'Expected an ISO 8601 date or a timestamp with a zone, e.g. 2026-01-31T12:00:00Z'

/**
 * An optional query filter: an ISO 8601 date (`2026-01-31`, UTC midnight) or a timestamp with a
 * zone, parsed to a `Date`.
 */
export function timestampParam(description: string) {
  return v.optional(
    v.pipe(
      v.string(),
      v.description(description),
      // The pattern is in the OpenAPI document; the check adds what a pattern cannot say (a real date).
      v.regex(ISO_DATE_OR_TIMESTAMP, TIMESTAMP_MESSAGE),
      v.check((text) => !Number.isNaN(Date.parse(text)), TIMESTAMP_MESSAGE),
      v.transform((text) => new Date(text)),
    ),
  )
}

/** An optional query filter holding a UUID. */
export const UuidParam = v.optional(v.pipe(v.string(), v.uuid('Expected a UUID')))

/** An optional query filter holding a dotted event type. */
export const EventTypeParam = v.optional(
  v.pipe(v.string(), v.minLength(1, 'Expected an event type'), v.maxLength(255)),
)
