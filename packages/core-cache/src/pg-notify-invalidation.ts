import type { InvalidationTransport } from './invalidation-transport'
import { CoreCacheError } from './core-cache-error'
import { decodeInvalidation, encodeInvalidation } from './internal/invalidation-codec'

/** PostgreSQL rejects a NOTIFY payload of 8000 bytes or more (default build). */
const pgMaxPayloadBytes = 7999

/** Options of {@link createPgNotifyInvalidation}: the two database calls it needs, nothing else. */
export interface PgNotifyInvalidationOptions {
  /**
   * Sends one payload on the invalidation channel, e.g.
   * ``(payload) => sql`select pg_notify(${channel}, ${payload})`.execute(db).then(() => undefined)``.
   * Call it outside business transactions (NOTIFY in a transaction takes a global lock at commit).
   */
  readonly notify: (payload: string) => Promise<void>
  /**
   * Starts listening on the same channel and calls `onPayload` for each notification; resolves to
   * the function that stops listening, e.g. core-db's `listen(db, channel, { onNotify })`.
   */
  readonly listen: (onPayload: (payload: string) => void) => Promise<() => Promise<void>>
  /** Largest payload sent, in UTF-8 bytes; longer key lists are split. Defaults to 7999. */
  readonly maxPayloadBytes?: number
  /** Told about notifications on the channel that are not invalidation messages. */
  readonly onInvalidPayload?: (payload: string) => void
}

/**
 * Creates an {@link InvalidationTransport} over PostgreSQL LISTEN/NOTIFY (ADR 0008): every instance
 * already shares the database, so invalidation needs no extra infrastructure. Key lists are split
 * over several notifications to stay under PostgreSQL's 8000-byte payload limit.
 *
 * @example
 * ```ts
 * const transport = createPgNotifyInvalidation({
 *   notify: async (payload) => {
 *     await sql`select pg_notify('rustok_cache', ${payload})`.execute(db)
 *   },
 *   listen: (onPayload) => listen(db, 'rustok_cache', { onNotify: onPayload }),
 * })
 * ```
 */
export function createPgNotifyInvalidation({
  notify,
  listen,
  maxPayloadBytes = pgMaxPayloadBytes,
  onInvalidPayload = () => undefined,
}: PgNotifyInvalidationOptions): InvalidationTransport {
  if (!(Number.isInteger(maxPayloadBytes) && maxPayloadBytes >= 256)) {
    throw new CoreCacheError('INVALID_INPUT', `maxPayloadBytes must be an integer ≥ 256`)
  }
  const maxBytes = Math.min(maxPayloadBytes, pgMaxPayloadBytes)
  return {
    publish: async (keys, origin) => {
      // One after the other: keeps order, and a failure stops before the rest is sent.
      for (const payload of encodeInvalidation(keys, origin, maxBytes)) await notify(payload)
    },
    subscribe: (onKeys) =>
      listen((payload) => {
        const message = decodeInvalidation(payload)
        if (message === undefined) onInvalidPayload(payload)
        else onKeys(message.keys, message.origin)
      }),
  }
}
