import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyKysely } from '../outbox-tables'
import { relayLockClass } from './claim-batch'

/** A connection of the relay's own that holds its liveness lock while the relay has work. */
export interface RelaySession {
  /** Runs the relay's claims and settlements: the session's connection, or `db` on PGlite. */
  readonly db: AnyKysely
  /** The liveness lock key stamped on claimed rows as `lease_lock`; `null` on PGlite. */
  readonly lock: number | null
  /** Unlocks and hands the connection back to the pool. */
  close(): Promise<void>
}

/**
 * Opens a relay session: on PostgreSQL it reserves one pooled connection and takes the
 * session-level advisory lock `(relayLockClass, random key)` on it. The lock lives exactly as long
 * as the connection: if the process dies, PostgreSQL ends the session and releases it, which is
 * how other relays learn that this one's claimed rows are orphaned (ADR 0017).
 *
 * On PGlite (one connection, one process) the session is `db` itself and holds no lock: reserving
 * the only connection would starve the handlers, and there is no other process to recover from.
 *
 * The connection is reserved through `db.connection()`, whose callback only waits for
 * {@link RelaySession.close}; the relay's own work runs outside that callback, so handlers that use
 * `db` during a delivery are not taken for work inside the reservation.
 */
export async function openRelaySession(
  db: AnyKysely,
  shared: { singleConnection?: boolean },
): Promise<RelaySession> {
  shared.singleConnection ??= await isSingleConnection(db)
  if (shared.singleConnection) return { db, lock: null, close: () => Promise.resolve() }
  return new Promise<RelaySession>((resolve, reject) => {
    let release = (): void => {}
    const released = new Promise<void>((resolveReleased) => {
      release = resolveReleased
    })
    let held: Promise<void> = Promise.resolve()
    const close = async (): Promise<void> => {
      release()
      // A broken connection cannot unlock; its session (and lock) is gone with it anyway.
      await held.catch(() => {})
    }
    held = db.connection().execute(async (connection) => {
      const { lock, synchronousCommit } = await takeLivenessLock(connection)
      resolve({ db: connection, lock, close })
      await released
      // The connection goes back to the pool as it came.
      await sql`
        select set_config('synchronous_commit', ${synchronousCommit}, false),
          pg_advisory_unlock(${relayLockClass}, ${lock})`.execute(connection)
    })
    // Rejects the promise only if the lock was never taken; after `resolve` this is a no-op.
    held.catch(reject)
  })
}

/**
 * Takes the liveness lock under a fresh random key, and turns `synchronous_commit` off for the
 * session: the relay's own writes (claims, settlements) need not wait for the WAL flush. If the
 * server crashes and loses the last of them, rows are only claimed or delivered again, which the
 * lease and the inbox absorb; and this takes the flushes off each event of a hot aggregate.
 * Returns the key and the setting to restore. One round trip.
 */
async function takeLivenessLock(
  connection: AnyKysely,
): Promise<{ lock: number; synchronousCommit: string }> {
  for (;;) {
    // A random key per session, never the owner name: a restarted process may reuse its name
    // (`hostname:pid`), and its predecessor's rows must still look orphaned.
    const key = randomInt(-0x8000_0000, 0x8000_0000)
    // The materialized CTE reads the setting before the outer select changes it.
    const { rows } = await sql<{ taken: boolean; previous: string }>`
      with setting as materialized (select current_setting('synchronous_commit') as previous)
      select previous, pg_try_advisory_lock(${relayLockClass}, ${key}) as taken,
        set_config('synchronous_commit', 'off', false)
      from setting`.execute(connection)
    const row = rows[0]
    if (row?.taken) return { lock: key, synchronousCommit: row.previous }
    // Held by a live relay, or briefly by one taking a dead relay's rows over: draw again (the
    // setting read is already 'off' then, so restore the first one read).
    await sql`select set_config('synchronous_commit', ${row?.previous ?? 'on'}, false)`.execute(
      connection,
    )
  }
}

async function isSingleConnection(db: AnyKysely): Promise<boolean> {
  const { rows } = await sql<{ pglite: boolean }>`
    select position('PGlite' in version()) > 0 as pglite`.execute(db)
  return rows[0]?.pglite === true
}
