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

/** A claimed row, and whether the claim was fresh (an attempt) or took a lost lease over. */
export type ClaimedRow = EventRow & { readonly fresh: boolean }

/**
 * Claims up to `limit` deliverable rows for `owner` with a lease of `leaseMs`, in one statement.
 *
 * A row is deliverable when it is pending, due, not leased (or its lease expired, or its relay is
 * gone: see below), and every pending event of its aggregate before it is claimed by the same
 * statement: a claim takes a *run* of up to `runLength` events from the head of an aggregate, which
 * the relay delivers one after the other, so one aggregate's events go out in order and one at a
 * time, while a burst on one aggregate needs one claim, not one per event. (Writers of one aggregate are serialised on its
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
 * A row whose claims were lost {@link suspectAfterLostLeases} times or more is claimed alone (the
 * oldest such head of an aggregate first), ahead of the rest: if it is what kills the relay, it
 * alone is charged.
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
    /**
     * Most events of one aggregate in one claim, taken as a run from the aggregate's oldest
     * pending event, to be delivered one after the other. Default 1.
     */
    readonly runLength?: number
  },
): Promise<ClaimedRow[]> {
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
  const runLength = Math.max(1, claim.runLength ?? 1)
  // Pending rows of the candidate's aggregate before it (not counting rows settled above), up to
  // `runLength`: a candidate may be claimed only when each of them is claimed with it.
  const earlierPending = (alias: string) => sql<number>`(
      select count(*)::integer from (
        select 1 from sys_events earlier
        where earlier.status = 'pending'
          and earlier.tenant_id = ${sql.ref(`${alias}.tenant_id`)}
          and earlier.aggregate_type = ${sql.ref(`${alias}.aggregate_type`)}
          and earlier.aggregate_id = ${sql.ref(`${alias}.aggregate_id`)}
          and earlier.seq < ${sql.ref(`${alias}.seq`)}
          and not exists (select 1 from settled where settled.id = earlier.id)
        limit ${runLength}
      ) before
    )`
  const result = await sql<EventRow & { fresh: boolean }>`
    with ${settled},
    candidates as materialized (
      select id, tenant_id, aggregate_type, aggregate_id, seq,
        row_number() over (
          partition by tenant_id, aggregate_type, aggregate_id order by seq
        )::integer as rank
      from (
        select id, tenant_id, aggregate_type, aggregate_id, seq from sys_events c
        where status = 'pending'
          and next_attempt_at <= now()
          and (lease_expires_at is null or lease_expires_at <= now() or ${ownerGone('c')})
          and not exists (select 1 from settled where settled.id = c.id)
        order by seq
        limit ${claim.limit * scanFactor}
      ) due
    ),
    -- A run: the first rows of an aggregate's pending events, with none of them missing (held by
    -- another relay, waiting for a retry), so that they can go out one after the other, in order.
    runs as (
      select c.id, c.rank from candidates c
      where c.rank <= ${runLength} and ${earlierPending('c')} = c.rank - 1
    ),
    claimable as (
      select e.id, e.seq, e.tenant_id, e.aggregate_type, e.aggregate_id, runs.rank,
        e.lease_owner is null as fresh,
        e.lost_leases + (e.lease_owner is not null)::integer >= ${suspectAfterLostLeases} as suspect
      from sys_events e
      join runs using (id)
      -- Checked again here: FOR UPDATE re-evaluates these against a row another relay has just
      -- claimed, while the materialized candidates were read before that claim.
      where e.status = 'pending'
        and e.next_attempt_at <= now()
        and (e.lease_expires_at is null or e.lease_expires_at <= now() or ${ownerGone('e')})
      order by e.seq
      limit ${claim.limit}
      for update of e skip locked
    ),
    -- SKIP LOCKED may have left out an earlier row of a run (another relay locked it first): keep
    -- only the rows whose every earlier run member this statement holds too.
    whole as (
      select k.* from claimable k
      where k.rank - 1 = (
        select count(*) from claimable j
        where j.tenant_id = k.tenant_id
          and j.aggregate_type = k.aggregate_type
          and j.aggregate_id = k.aggregate_id
          and j.seq < k.seq
      )
    ),
    chosen as (
      select id, fresh from whole where not exists (select 1 from whole where suspect)
      union all
      (select id, fresh from whole where suspect and rank = 1 order by seq limit 1)
    )
    update sys_events s
    set lease_owner = ${claim.owner},
        lease_lock = ${lock}::integer,
        lease_expires_at = now() + make_interval(secs => ${claim.leaseMs / 1000}),
        -- A row still leased was claimed before and never settled: that claim is a lost lease,
        -- not a delivery attempt (ADR 0017).
        attempts = s.attempts + chosen.fresh::integer,
        lost_leases = s.lost_leases + (not chosen.fresh)::integer
    from chosen
    where s.id = chosen.id
    returning s.*, chosen.fresh`.execute(db)
  return result.rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))
}
