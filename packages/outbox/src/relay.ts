import { randomUUID } from 'node:crypto'
import type { EventCatalog } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import { isPermanentDeliveryError, type EventTransport } from './event-transport'
import { claimBatch } from './internal/claim-batch'
import { rowToEnvelope, type EventRow } from './internal/row-envelope'
import type { OutboxTables } from './outbox-tables'

/** Options for {@link createRelay}. */
export interface RelayOptions<DB> {
  readonly db: Kysely<DB>
  readonly catalog: EventCatalog
  readonly transport: EventTransport
  /** Unique per relay instance; default a random id. Shown in `lease_owner`. */
  readonly owner?: string
  /** Rows per claim. Default 200. */
  readonly batchSize?: number
  /** How long a claim is exclusive; a crashed relay's rows are taken over after it. Default 30 s. */
  readonly leaseMs?: number
  /** Attempts before a row becomes a dead letter (`failed`). Default 10. */
  readonly maxAttempts?: number
  /** Delay before attempt `n + 1` after attempt `n` failed. Default exponential, 1 s … 5 min, full jitter. */
  readonly backoff?: (attempt: number) => number
  /** Poll interval when idle: the fallback when no wake-up arrives. Default 1,000 ms. */
  readonly pollIntervalMs?: number
  /** Dispatched rows are deleted after this long. Default 7 days. */
  readonly retentionMs?: number
  /** Called with errors of the relay loop itself (not delivery failures, which go to the row). */
  readonly onError?: (error: unknown) => void
}

/** Moves committed events from `sys_events` to a transport (E8). */
export interface Relay {
  /** Claims and delivers one batch; returns how many rows it claimed. */
  runOnce(): Promise<number>
  /** Deletes dispatched rows older than the retention period; returns how many. */
  cleanUp(): Promise<number>
  /** Runs batches until stopped, woken by {@link Relay.wake} or by polling. */
  start(): void
  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void>
  /** Asks for a batch now (after a commit, or on NOTIFY). Coalesced. */
  wake(): void
}

const defaultBackoff = (attempt: number): number =>
  Math.random() * Math.min(300_000, 1_000 * 2 ** Math.max(0, attempt - 1))

/**
 * Creates a relay. Several relays (in one or many processes) can run on the same database: claims
 * use `FOR UPDATE SKIP LOCKED` and leases, so a row is never delivered by two relays at once,
 * except after a lease expires (delivery is at-least-once; handlers use the inbox for
 * exactly-once effects).
 *
 * @example
 * ```ts
 * const relay = createRelay({ db, catalog, transport: dispatcherTransport(dispatcher) })
 * outbox.onCommitted(() => relay.wake())
 * relay.start()
 * // on shutdown
 * await relay.stop()
 * ```
 */
export function createRelay<DB>(options: RelayOptions<DB>): Relay {
  const db = options.db as unknown as Kysely<OutboxTables>
  const {
    catalog,
    transport,
    owner = `relay-${randomUUID()}`,
    batchSize = 200,
    leaseMs = 30_000,
    maxAttempts = 10,
    backoff = defaultBackoff,
    pollIntervalMs = 1_000,
    retentionMs = 7 * 24 * 3_600_000,
    onError = () => {},
  } = options

  let running = false
  let loop: Promise<void> | undefined
  let wakeUp: (() => void) | undefined
  let woken = false

  const deliver = async (row: EventRow): Promise<{ row: EventRow; error?: unknown }> => {
    try {
      await transport.deliver(rowToEnvelope(row, catalog))
      return { row }
    } catch (error) {
      return { row, error }
    }
  }

  const settle = async (outcomes: Array<{ row: EventRow; error?: unknown }>): Promise<void> => {
    const delivered = outcomes
      .filter((outcome) => !('error' in outcome))
      .map((outcome) => outcome.row.id)
    if (delivered.length > 0) {
      await db
        .updateTable('sys_events')
        .set({
          status: 'dispatched',
          dispatched_at: sql<Date>`now()`,
          lease_owner: null,
          lease_expires_at: null,
          last_error: null,
        })
        .where('id', 'in', delivered)
        .where('lease_owner', '=', owner)
        .execute()
    }
    for (const outcome of outcomes) {
      if (!('error' in outcome)) continue
      const { row, error } = outcome
      const dead = row.attempts >= maxAttempts || isPermanentDeliveryError(error)
      await db
        .updateTable('sys_events')
        .set({
          status: dead ? 'failed' : 'pending',
          next_attempt_at: sql<Date>`now() + make_interval(secs => ${backoff(row.attempts) / 1000})`,
          last_error: errorText(error),
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('id', '=', row.id)
        .where('lease_owner', '=', owner)
        .execute()
    }
  }

  const relay: Relay = {
    async runOnce() {
      const rows = await claimBatch(db, { owner, limit: batchSize, leaseMs })
      if (rows.length === 0) return 0
      // A row claimed more often than allowed keeps killing or stalling its relay: dead-letter it
      // instead of delivering it again.
      const exhausted = rows.filter((row) => row.attempts > maxAttempts)
      const deliverable = rows.filter((row) => row.attempts <= maxAttempts)
      const outcomes = [
        ...exhausted.map((row) => ({
          row,
          error: new Error(`lease expired ${row.attempts - 1} times`),
        })),
        // One event per aggregate per batch, so the whole batch can go out concurrently.
        ...(await Promise.all(deliverable.map(deliver))),
      ]
      await settle(outcomes)
      return rows.length
    },
    async cleanUp() {
      const expired = db
        .selectFrom('sys_events')
        .select('id')
        .where('status', '=', 'dispatched')
        .where(
          'dispatched_at',
          '<',
          sql<Date>`now() - make_interval(secs => ${retentionMs / 1000})`,
        )
        .limit(10_000)
      const result = await db.deleteFrom('sys_events').where('id', 'in', expired).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    start() {
      if (running) return
      running = true
      loop = (async () => {
        let lastCleanUp = 0
        while (running) {
          try {
            if (Date.now() - lastCleanUp > 60_000) {
              lastCleanUp = Date.now()
              await relay.cleanUp()
            }
            const claimed = await relay.runOnce()
            if (claimed === batchSize || !running) continue
          } catch (error) {
            onError(error)
          }
          if (woken) {
            woken = false
            continue
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollIntervalMs)
            wakeUp = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          wakeUp = undefined
          woken = false
        }
      })()
    },
    async stop() {
      running = false
      wakeUp?.()
      await loop
    },
    wake() {
      woken = true
      wakeUp?.()
    },
  }
  return relay
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, 2_000)
}
