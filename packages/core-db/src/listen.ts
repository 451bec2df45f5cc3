import type { Kysely } from 'kysely'
import type { Client } from 'pg'
import { CoreDbError } from './core-db-error'
import { openedDb } from './internal/db-registry'
import { keepAlive } from './internal/keep-alive'
import { loadDriver } from './internal/load-driver'

/** Stops listening and releases the connection used for it. */
export type Unlisten = () => Promise<void>

/** What to do on notifications, for {@link listen}. */
export interface ListenOptions {
  /** Called with each notification's payload (`''` when none was sent). */
  readonly onNotify: (payload: string) => void
  /**
   * Called when the listening connection is lost, and when an attempt to reopen it fails
   * (PostgreSQL). The subscription stays: the connection is reopened with backoff.
   */
  readonly onError?: (error: Error) => void
  /**
   * Called each time the listening connection is back after a loss (PostgreSQL). Notifications sent
   * while it was down are lost: catch up here (run the poll the notification would have woken).
   */
  readonly onReconnect?: () => void
  /** The wait before the first attempt to reopen a lost connection; doubled after each failure. Default 1,000 ms. */
  readonly reconnectDelayMs?: number
  /** The longest wait between attempts. Default 30,000 ms. */
  readonly maxReconnectDelayMs?: number
  /**
   * How often to check the connection with `select 1` (PostgreSQL). A check still unanswered at the
   * next one counts as a lost connection, so a half-open connection (peer gone without a word) is
   * noticed within two intervals. `0` turns the check off. Default 10,000 ms.
   */
  readonly heartbeatMs?: number
}

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Subscribes to PostgreSQL `NOTIFY` on `channel` for a database opened with `createDb`. On PGlite
 * it uses PGlite's own listener. On PostgreSQL it holds one dedicated connection outside the pool,
 * with TCP keep-alive and a `select 1` heartbeat; when that connection errors, ends or stops
 * answering, it is reopened with backoff and `LISTEN` issued again, so the subscription survives a
 * database restart. A notification sent while it was down is missed: pair it with polling, and
 * catch up in `onReconnect`. Send with `select pg_notify(channel, payload)` from any connection.
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
  const timings = timing(options)
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
  return listenOnPostgres(opened.url, channel, { ...options, ...timings })
}

type Timing = Required<
  Pick<ListenOptions, 'reconnectDelayMs' | 'maxReconnectDelayMs' | 'heartbeatMs'>
>

/** The timings with their defaults, checked. */
function timing(options: ListenOptions): Timing {
  const chosen = {
    reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 30_000,
    heartbeatMs: options.heartbeatMs ?? 10_000,
  }
  for (const [key, value] of Object.entries(chosen)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new CoreDbError('INVALID_INPUT', `${key} must be a non-negative integer, got ${value}`)
    }
  }
  return chosen
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value))
}

async function listenOnPostgres(
  url: string,
  channel: string,
  options: ListenOptions & Timing,
): Promise<Unlisten> {
  const { onNotify, onError, onReconnect, reconnectDelayMs, maxReconnectDelayMs, heartbeatMs } =
    options
  const pg = await loadDriver('pg', () => import('pg'))
  let closed = false
  /** The connection that is listening now; `undefined` while it is being reopened. */
  let current: Client | undefined
  let opening: Promise<void> | undefined
  let retry: NodeJS.Timeout | undefined
  let heartbeat: NodeJS.Timeout | undefined
  let failures = 0

  const open = async (): Promise<Client> => {
    const client = new pg.default.Client({ connectionString: url, ...keepAlive })
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    })
    // Both fire for a connection lost after it was set up; `lost` acts on the first only.
    client.on('error', (error) => lost(client, error))
    client.on('end', () => lost(client, new Error('The LISTEN connection ended')))
    try {
      await client.connect()
      await client.query(`listen ${channel}`)
      return client
    } catch (error) {
      client.end().catch(() => {})
      throw error
    }
  }

  /** Drops `client` if it is the listening one, and schedules a reconnect. */
  const lost = (client: Client, error: Error): void => {
    if (client !== current) return
    current = undefined
    clearInterval(heartbeat)
    client.end().catch(() => {})
    if (closed) return
    onError?.(error)
    scheduleReconnect()
  }

  const scheduleReconnect = (): void => {
    if (closed || retry) return
    const delay = Math.min(maxReconnectDelayMs, reconnectDelayMs * 2 ** failures)
    failures += 1
    retry = setTimeout(() => {
      retry = undefined
      opening = open().then(
        (client) => {
          opening = undefined
          if (closed) {
            client.end().catch(() => {})
            return
          }
          failures = 0
          listening(client)
          onReconnect?.()
        },
        (error: unknown) => {
          opening = undefined
          if (closed) return
          onError?.(asError(error))
          scheduleReconnect()
        },
      )
    }, delay)
  }

  const listening = (client: Client): void => {
    current = client
    if (heartbeatMs === 0) return
    let answered = true
    heartbeat = setInterval(() => {
      if (!answered) {
        lost(client, new Error(`The LISTEN connection did not answer within ${heartbeatMs} ms`))
        return
      }
      answered = false
      client.query('select 1').then(
        () => {
          answered = true
        },
        (error: unknown) => lost(client, asError(error)),
      )
    }, heartbeatMs)
    // The check must not keep an otherwise finished process alive.
    heartbeat.unref()
  }

  listening(await open())
  return async () => {
    closed = true
    clearTimeout(retry)
    clearInterval(heartbeat)
    const client = current
    current = undefined
    await opening
    await client?.end()
  }
}
