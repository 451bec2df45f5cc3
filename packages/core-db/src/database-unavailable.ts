// Node socket and DNS failures: the server is down, unreachable, or dropped the connection.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

// SQLSTATE 57P01 admin_shutdown (also pg_terminate_backend), 57P02 crash_shutdown,
// 57P03 cannot_connect_now (starting up, shutting down, in recovery).
const shutdownStates = new Set(['57P01', '57P02', '57P03'])

// Messages of `pg`, `pg-pool` and PGlite that carry no code.
const messages = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  // pg-pool: opening a new connection took longer than connectionTimeoutMillis.
  'Connection terminated due to connection timeout',
  // pg-pool: no connection was free within connectionTimeoutMillis.
  'timeout exceeded when trying to connect',
  // pg Client's own connect timeout.
  'timeout expired',
  'Client has encountered a connection error and is not queryable',
  'PGlite is closed',
  'PGlite is closing',
])

/**
 * Whether `error` says the database cannot be reached (as opposed to a query that failed): the
 * server refused or dropped the connection, is shutting down or starting up, a connection could not
 * be opened or borrowed in time, or the PGlite instance is closed. Follows `cause` chains (and an
 * `AggregateError`'s `errors`). Retry such work later, answer 503, or report the database down.
 *
 * Recognises Node's `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `ETIMEDOUT` (and `EAI_AGAIN`,
 * `EHOSTUNREACH`, `ENETUNREACH`, `EPIPE`), SQLSTATE class 08 and `57P01`–`57P03`, the connection
 * messages of `pg` and `pg-pool` (including their timeouts), and PGlite's "closed".
 *
 * @example
 * ```ts
 * try { await db.selectFrom('note').selectAll().execute() }
 * catch (error) { if (isDatabaseUnavailable(error)) return c.json(problem, 503); throw error }
 * ```
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error]
  const seen = new Set<unknown>()
  while (pending.length > 0) {
    const current = pending.pop()
    if (typeof current !== 'object' || current === null || seen.has(current)) continue
    seen.add(current)
    if (saysUnavailable(current)) return true
    const { cause, errors } = current as { cause?: unknown; errors?: unknown }
    pending.push(cause)
    if (Array.isArray(errors)) pending.push(...(errors as unknown[]))
  }
  return false
}

function saysUnavailable(value: object): boolean {
  const { code, message } = value as { code?: unknown; message?: unknown }
  if (typeof code === 'string') {
    if (networkCodes.has(code) || shutdownStates.has(code)) return true
    if (/^08[0-9A-Z]{3}$/.test(code)) return true
  }
  return typeof message === 'string' && messages.has(message)
}
