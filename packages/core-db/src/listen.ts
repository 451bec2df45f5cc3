import type { Kysely } from 'kysely'
import { CoreDbError } from './core-db-error'
import { openedDb } from './internal/db-registry'

/** Stops listening and releases the connection used for it. */
export type Unlisten = () => Promise<void>

/** What to do on notifications, for {@link listen}. */
export interface ListenOptions {
  /** Called with each notification's payload (`''` when none was sent). */
  readonly onNotify: (payload: string) => void
  /** Called when the listening connection fails; it is reopened after `reconnectDelayMs`. */
  readonly onError?: (error: Error) => void
  /** Default 1,000 ms. */
  readonly reconnectDelayMs?: number
}

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Subscribes to PostgreSQL `NOTIFY` on `channel` for a database opened with `createDb`. On
 * PostgreSQL it holds one dedicated connection outside the pool (reopened if it drops, so a
 * notification sent while it was down is missed: pair it with polling); on PGlite it uses
 * PGlite's own listener. Send with `select pg_notify(channel, payload)` from any connection.
 *
 * @example
 * ```ts
 * const unlisten = await listen(db, 'outbox_wakeup', { onNotify: () => relay.wake() })
 * await sql`select pg_notify('outbox_wakeup', '')`.execute(db)
 * await unlisten()
 * ```
 */
export async function listen<DB>(
  db: Kysely<DB>,
  channel: string,
  options: ListenOptions,
): Promise<Unlisten> {
  if (!channelPattern.test(channel)) {
    throw new CoreDbError('INVALID_INPUT', `Channel "${channel}" must be a lowercase identifier`)
  }
  const opened = openedDb(db)
  if (!opened) {
    throw new CoreDbError(
      'INVALID_INPUT',
      'listen() needs a database opened by createDb() (not a derived instance)',
    )
  }
  if (opened.driver === 'pglite') {
    const { pglite } = opened
    if (!pglite.listen) throw new CoreDbError('INVALID_INPUT', 'This PGlite client cannot LISTEN')
    const listenOn = pglite.listen.bind(pglite)
    // LISTEN must not land inside someone else's open transaction on the single connection.
    return opened.exclusive(() => listenOn(channel, options.onNotify))
  }
  return listenOnPostgres(opened.url, channel, options)
}

async function listenOnPostgres(
  url: string,
  channel: string,
  options: ListenOptions,
): Promise<Unlisten> {
  const { onNotify } = options
  const pg = await import('pg')
  let closed = false
  let client: InstanceType<typeof pg.default.Client> | undefined
  let retry: NodeJS.Timeout | undefined

  const connect = async (): Promise<void> => {
    const next = new pg.default.Client({ connectionString: url })
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    })
    next.on('error', (error) => {
      options.onError?.(error)
      scheduleReconnect()
    })
    await next.connect()
    await next.query(`listen ${channel}`)
    client = next
  }
  const scheduleReconnect = (): void => {
    if (closed || retry) return
    client?.end().catch(() => {})
    client = undefined
    retry = setTimeout(() => {
      retry = undefined
      connect().catch((error: unknown) => {
        options.onError?.(error instanceof Error ? error : new Error(String(error)))
        scheduleReconnect()
      })
    }, options.reconnectDelayMs ?? 1_000)
  }

  await connect()
  return async () => {
    closed = true
    if (retry) clearTimeout(retry)
    await client?.end()
  }
}
