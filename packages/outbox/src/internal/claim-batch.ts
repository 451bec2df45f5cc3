import { sql } from 'kysely'
import type { AnyKysely } from '../outbox-tables'
import type { EventRow } from './row-envelope'

/**
 * First key of the two-key advisory locks relays hold while they are alive (the second key is the
 * relay session's random `lease_lock`). The two-key space keeps them apart from the one-key
 * locks of `publishInTx` and the migrator.
 */
export const relayLockClass = 0x7265_6c79

/**
 * A row's previous claims were lost this many times (counting the one being taken over) before
 * it is claimed alone: a row that keeps killing its relay then takes down no other row with it.
 */
export const suspectAfterLostLeases = 2

/**
 * Claims up to `limit` deliverable rows for `owner` with a lease of `leaseMs`, in one statement.
 *
 * A row is deliverable when it is pending, due, not leased (or its lease expired, or its relay is
 * gone: see below), and it is the oldest pending event of its aggregate, so one aggregate's
 * events go out one at a time, in order. (Writers of one aggregate are serialised on its
 * advisory lock in `publishInTx`, so that order is commit order, and nothing committed late is skipped:
 * claiming goes by status, not by a cursor.) `FOR UPDATE SKIP LOCKED` lets several relays claim
 * side by side without waiting on, or taking, each other's rows.
 *
 * Owner liveness (ADR 0017): a relay claims on a session that holds the advisory lock
 * `(relayLockClass, lock)` and stamps `lease_lock = lock` on its rows. If another session can
 * take that lock, the relay that claimed the row is gone (its session ended with it), and its rows
 * are taken over at once instead of after the lease. Taking a lease over counts a lost lease
 * instead of an attempt. Rows claimed with `lock = null` (PGlite) fall back to the lease.
 *
 * A row whose claims were lost {@link suspectAfterLostLeases} times or more is claimed alone,
 * the oldest first, ahead of the rest: if it is what kills the relay, it alone is charged.
 *
 * Only the first `limit × scanFactor` due rows (by `seq`, straight off the partial index) are
 * considered, so a claim costs the same on a backlog of a million rows as on a hundred, with or
 * without fresh planner statistics. A single aggregate with more pending events than that window
 * slows others to one claim per round until it shrinks; it never stops them.
 */
const scanFactor = 10

export async function claimBatch(
  db: AnyKysely,
  claim: {
    readonly owner: string
    readonly limit: number
    readonly leaseMs: number
    /** The advisory lock key the claiming session holds; `null` when it holds none. */
    readonly lock?: number | null
    /**
     * Rows this session delivered: marked dispatched in the same statement, before the claim, so
     * that the next event of their aggregates is claimable at once.
     */
    readonly settle?: readonly string[]
  },
): Promise<EventRow[]> {
  const lock = claim.lock ?? null
  const settle = claim.settle ?? []
  // A row leased by a relay whose liveness lock can be taken: that relay is gone. CASE keeps the
  // lock call off rows without one (and off our own). The transaction-scoped lock it takes on a
  // dead relay's key is released when this statement commits.
  const ownerGone = (alias: string) => sql<boolean>`case
      when ${sql.ref(`${alias}.lease_lock`)} is null then false
      when ${sql.ref(`${alias}.lease_lock`)} = ${lock}::integer then false
      else pg_try_advisory_xact_lock(${relayLockClass}, ${sql.ref(`${alias}.lease_lock`)})
    end`
  // The statement sees the table as it was before the settlement; its rows are subtracted by hand.
  const settled =
    settle.length === 0
      ? sql`settled as (select null::uuid as id where false)`
      : sql`settled as (
          update sys_events
          set status = 'dispatched', dispatched_at = now(), lease_owner = null, lease_lock = null,
              lease_expires_at = null, last_error = null
          where id = any(${[...settle]}::uuid[])
            and lease_owner = ${claim.owner}
            and lease_lock is not distinct from ${lock}::integer
          returning id
        )`
  const result = await sql<EventRow>`
    with ${settled},
    candidates as materialized (
      select id from sys_events c
      where status = 'pending'
        and next_attempt_at <= now()
        and (lease_expires_at is null or lease_expires_at <= now() or ${ownerGone('c')})
        and not exists (select 1 from settled where settled.id = c.id)
      order by seq
      limit ${claim.limit * scanFactor}
    ),
    claimable as (
      select e.id, e.seq,
        e.lost_leases + (e.lease_owner is not null)::integer >= ${suspectAfterLostLeases} as suspect
      from sys_events e
      join candidates using (id)
      -- Checked again here: FOR UPDATE re-evaluates these against a row another relay has just
      -- claimed, while the materialized candidates were read before that claim.
      where e.status = 'pending'
        and e.next_attempt_at <= now()
        and (e.lease_expires_at is null or e.lease_expires_at <= now() or ${ownerGone('e')})
        and not exists (
          select 1 from sys_events earlier
          where earlier.status = 'pending'
            and earlier.tenant_id = e.tenant_id
            and earlier.aggregate_type = e.aggregate_type
            and earlier.aggregate_id = e.aggregate_id
            and earlier.seq < e.seq
            and not exists (select 1 from settled where settled.id = earlier.id)
        )
      order by e.seq
      limit ${claim.limit}
      for update of e skip locked
    ),
    chosen as (
      select id from claimable where not exists (select 1 from claimable where suspect)
      union all
      (select id from claimable where suspect order by seq limit 1)
    )
    update sys_events s
    set lease_owner = ${claim.owner},
        lease_lock = ${lock}::integer,
        lease_expires_at = now() + make_interval(secs => ${claim.leaseMs / 1000}),
        -- A row still leased was claimed before and never settled: that claim is a lost lease,
        -- not a delivery attempt (ADR 0017).
        attempts = s.attempts + (s.lease_owner is null)::integer,
        lost_leases = s.lost_leases + (s.lease_owner is not null)::integer
    from chosen
    where s.id = chosen.id
    returning s.*`.execute(db)
  return result.rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))
}
