import { randomUUID } from 'node:crypto'
import type { EventCatalog } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import { isPermanentDeliveryError, type EventTransport } from './event-transport'
import { claimBatch, type ClaimedRow } from './internal/claim-batch'
import { openRelaySession, type RelaySession } from './internal/relay-session'
import { rowToEnvelope } from './internal/row-envelope'
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
  /**
   * Most events of one aggregate taken by one claim (a run from its oldest pending event), then
   * delivered one after the other; when one fails, the rest of its run is given back untried.
   * A burst of writes to one aggregate then costs one claim instead of one per event. Default 20.
   */
  readonly runLength?: number
  /**
   * How long a claim is exclusive. On PostgreSQL a dead relay's rows are taken over at once (its
   * liveness lock is gone, ADR 0017); the lease is the fallback for a relay that is alive but
   * stalled, and the only recovery on PGlite. Default 30 s.
   */
  readonly leaseMs?: number
  /** Failed deliveries before a row becomes a dead letter (`failed`). Default 10. */
  readonly maxAttempts?: number
  /**
   * Lost claims before a row becomes a dead letter: claims whose relay died (or stalled past the
   * lease) before settling it. Counted apart from `maxAttempts`, so crashes of a relay do not use
   * up the attempts of the healthy rows it held, while a row that kills its relay every time is
   * still stopped. Default 5.
   */
  readonly maxLostLeases?: number
  /** Delay before attempt `n + 1` after attempt `n` failed. Default exponential, 1 s … 5 min, full jitter. */
  readonly backoff?: (attempt: number) => number
  /**
   * Poll interval when idle: the fallback when no wake-up arrives. The relay claims again at once
   * while claims return rows, and waits only after an empty claim. Default 1,000 ms.
   */
  readonly pollIntervalMs?: number
  /** Dispatched rows are deleted after this long. Default 7 days. */
  readonly retentionMs?: number
  /** Called with errors of the relay loop itself (not delivery failures, which go to the row). */
  readonly onError?: (error: unknown) => void
}

/** Moves committed events from `sys_events` to a transport (E8). */
export interface Relay {
  /**
   * Claims and delivers one batch, settling each row as its delivery ends; returns how many rows
   * it claimed.
   */
  runOnce(): Promise<number>
  /** Deletes dispatched rows older than the retention period; returns how many. */
  cleanUp(): Promise<number>
  /**
   * Runs batches until stopped: back to back while claims return rows, then waits for
   * {@link Relay.wake} or the poll interval.
   */
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
 * exactly-once effects). On PostgreSQL a relay holds one pooled connection while it has work, with
 * an advisory lock that tells other relays it is alive: when its process dies, they take its rows
 * over at once rather than after the lease (ADR 0017).
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
    runLength = 20,
    leaseMs = 30_000,
    maxAttempts = 10,
    maxLostLeases = 5,
    backoff = defaultBackoff,
    pollIntervalMs = 1_000,
    retentionMs = 7 * 24 * 3_600_000,
    onError = () => {},
  } = options

  let running = false
  let loop: Promise<void> | undefined
  let wakeUp: (() => void) | undefined
  let woken = false

  // The session (and its liveness lock) is held from the first claim that returns rows while the
  // loop runs until a claim comes back empty, so an idle relay holds no connection.
  const driver: { singleConnection?: boolean } = {}
  let session: RelaySession | undefined
  let opening: Promise<RelaySession> | undefined
  let sessionUsers = 0

  const acquireSession = async (): Promise<RelaySession> => {
    sessionUsers += 1
    try {
      if (session) return session
      opening ??= openRelaySession(db, driver).finally(() => {
        opening = undefined
      })
      session = await opening
      return session
    } catch (error) {
      sessionUsers -= 1
      throw error
    }
  }

  const releaseSession = async (keep: boolean): Promise<void> => {
    sessionUsers -= 1
    if (sessionUsers > 0 || keep || !session) return
    const closing = session
    session = undefined
    await closing.close()
  }

  const deliver = async (row: ClaimedRow): Promise<Outcome> => {
    try {
      await transport.deliver(rowToEnvelope(row, catalog))
      return { row }
    } catch (error) {
      return { row, error }
    }
  }

  /** Writes the outcome of finished deliveries; only rows this session's claim still holds. */
  const settleOutcomes = async (on: RelaySession, outcomes: readonly Outcome[]): Promise<void> => {
    if (outcomes.length === 0) return
    const delivered = outcomes.filter(isDelivered).map((outcome) => outcome.row.id)
    const released = outcomes.filter((outcome) => outcome.released === true)
    if (released.length > 0) {
      // Never tried: the lease goes, and a fresh claim's attempt is given back.
      const fresh = released.filter((outcome) => outcome.row.fresh).map((outcome) => outcome.row.id)
      await on.db
        .updateTable('sys_events')
        .set({
          attempts: sql<number>`attempts - (id = any(${fresh}::uuid[]))::integer`,
          lease_owner: null,
          lease_lock: null,
          lease_expires_at: null,
        })
        .where(
          'id',
          'in',
          released.map((outcome) => outcome.row.id),
        )
        .where('lease_owner', '=', owner)
        .where('lease_lock', on.lock === null ? 'is' : '=', on.lock)
        .execute()
    }
    if (delivered.length > 0) {
      await on.db
        .updateTable('sys_events')
        .set({
          status: 'dispatched',
          dispatched_at: sql<Date>`now()`,
          lease_owner: null,
          lease_lock: null,
          lease_expires_at: null,
          last_error: null,
        })
        .where('id', 'in', delivered)
        .where('lease_owner', '=', owner)
        .where('lease_lock', on.lock === null ? 'is' : '=', on.lock)
        .execute()
    }
    for (const outcome of outcomes) {
      if (!('error' in outcome) || outcome.released === true) continue
      const { row, error, lost = false } = outcome
      const dead = lost || row.attempts >= maxAttempts || isPermanentDeliveryError(error)
      const delayMs = lost ? 0 : backoff(row.attempts)
      await on.db
        .updateTable('sys_events')
        .set({
          status: dead ? 'failed' : 'pending',
          next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
          last_error: errorText(error),
          lease_owner: null,
          lease_lock: null,
          lease_expires_at: null,
        })
        .where('id', '=', row.id)
        .where('lease_owner', '=', owner)
        .where('lease_lock', on.lock === null ? 'is' : '=', on.lock)
        .execute()
    }
  }

  /**
   * Settles outcomes as deliveries finish, not when the whole batch is done: a relay killed
   * mid-batch loses only the rows still in flight. Outcomes that finish while a write is running
   * go together in the next one. The batch's last outcomes are left to `finish()`, so that the
   * delivered ones can go with the next claim.
   */
  const createSettler = (on: RelaySession, expected: number) => {
    const queue: Outcome[] = []
    let received = 0
    let flushing: Promise<void> | undefined
    let failure: { error: unknown } | undefined
    const flush = async (): Promise<void> => {
      try {
        while (queue.length > 0) await settleOutcomes(on, queue.splice(0))
      } catch (error) {
        failure ??= { error }
      } finally {
        flushing = undefined
      }
    }
    return {
      add(outcome: Outcome): void {
        queue.push(outcome)
        received += 1
        if (received < expected) flushing ??= flush()
      },
      /** Waits for the writes in progress; returns the outcomes not written yet. */
      async finish(): Promise<Outcome[]> {
        while (flushing) await flushing
        if (failure) throw failure.error
        return queue.splice(0)
      },
    }
  }

  // Rows this session delivered and has not marked dispatched yet: the loop's next claim does it
  // in the same statement, which saves a round trip per event of a hot aggregate.
  let carried: string[] = []

  /** One claim and its deliveries; `keep` says whether to hold the session for the next one. */
  const runBatch = async (keep: () => boolean): Promise<number> => {
    const on = await acquireSession()
    let keepSession = false
    try {
      const settle = carried
      carried = []
      const rows = await claimBatch(on.db, {
        owner,
        limit: batchSize,
        leaseMs,
        lock: on.lock,
        settle,
        runLength,
      })
      const settler = createSettler(on, rows.length)
      // Aggregates go out concurrently; each aggregate's run one event after the other, in order.
      await Promise.all(
        runsOf(rows).map(async (run) => {
          for (const [index, row] of run.entries()) {
            const outcome =
              row.lost_leases >= maxLostLeases
                ? // Its relay died (or stalled) with it every time: most likely it is what kills
                  // the relay. Dead-letter it instead of delivering it again.
                  { row, error: new Error(`lease lost ${row.lost_leases} times`), lost: true }
                : await deliver(row)
            settler.add(outcome)
            if ('error' in outcome) {
              // The aggregate's later events must wait for this one: give them back untried.
              for (const later of run.slice(index + 1)) settler.add({ row: later, released: true })
              return
            }
          }
        }),
      )
      const rest = await settler.finish()
      keepSession = rows.length > 0 && keep()
      if (keepSession) {
        await settleOutcomes(
          on,
          rest.filter((outcome) => !isDelivered(outcome)),
        )
        carried = rest.filter(isDelivered).map((outcome) => outcome.row.id)
      } else {
        await settleOutcomes(on, rest)
      }
      return rows.length
    } catch (error) {
      // The rows of an unfinished settlement stay leased under this session's lock, and are taken
      // over (as lost leases) once the session is closed.
      keepSession = false
      carried = []
      throw error
    } finally {
      // After an error the session may be broken: close it.
      await releaseSession(keepSession)
    }
  }

  /** Writes what the loop's last claim left to the next one, when there is no next one. */
  const settleCarried = async (): Promise<void> => {
    if (!session || carried.length === 0) return
    const ids = carried
    carried = []
    await claimBatch(session.db, { owner, limit: 0, leaseMs, lock: session.lock, settle: ids })
  }

  const relay: Relay = {
    runOnce() {
      return runBatch(() => false)
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
            // While claims return rows, claim again at once: a hot aggregate's next event becomes
            // claimable as soon as the previous one is settled (by that very claim).
            if ((await runBatch(() => running)) > 0) continue
          } catch (error) {
            onError(error)
          }
          if (!running) break
          try {
            if (Date.now() - lastCleanUp > 60_000) {
              lastCleanUp = Date.now()
              await relay.cleanUp()
            }
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
        // Stopped right after a batch that returned rows: settle what it left, let the session go.
        if (session && sessionUsers === 0) {
          const closing = session
          try {
            await settleCarried()
          } catch (error) {
            onError(error)
          } finally {
            session = undefined
            await closing.close()
          }
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

/**
 * How a delivery ended: delivered, failed with `error`, never tried because of lost leases, or
 * `released` untried because an earlier event of its aggregate failed.
 */
interface Outcome {
  readonly row: ClaimedRow
  readonly error?: unknown
  readonly lost?: boolean
  readonly released?: boolean
}

function isDelivered(outcome: Outcome): boolean {
  return !('error' in outcome) && outcome.released !== true
}

/** The claimed rows grouped by aggregate, each group in `seq` order (the rows come sorted). */
function runsOf(rows: readonly ClaimedRow[]): ClaimedRow[][] {
  const runs = new Map<string, ClaimedRow[]>()
  for (const row of rows) {
    const key = `${row.tenant_id}/${row.aggregate_type}/${row.aggregate_id}`
    const run = runs.get(key)
    if (run) run.push(row)
    else runs.set(key, [row])
  }
  return [...runs.values()]
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, 2_000)
}
