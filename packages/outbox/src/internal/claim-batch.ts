import { sql } from 'kysely'
import type { AnyKysely } from '../outbox-tables'
import type { EventRow } from './row-envelope'

/**
 * Claims up to `limit` deliverable rows for `owner` with a lease of `leaseMs`, in one statement.
 *
 * A row is deliverable when it is pending, due, not leased (or its lease expired: a crashed relay's
 * claim is taken over), and it is the oldest pending event of its aggregate, so one aggregate's
 * events go out one at a time, in order. (Writers of one aggregate are serialised on its
 * advisory lock in `publishInTx`, so that order is commit order, and nothing committed late is skipped:
 * claiming goes by status, not by a cursor.) `FOR UPDATE SKIP LOCKED` lets several relays claim
 * side by side without waiting on, or taking, each other's rows.
 *
 * Only the first `limit × scanFactor` due rows (by `seq`, straight off the partial index) are
 * considered, so a claim costs the same on a backlog of a million rows as on a hundred, with or
 * without fresh planner statistics. A single aggregate with more pending events than that window
 * slows others to one claim per round until it shrinks; it never stops them.
 */
const scanFactor = 10

export async function claimBatch(
  db: AnyKysely,
  claim: { readonly owner: string; readonly limit: number; readonly leaseMs: number },
): Promise<EventRow[]> {
  const result = await sql<EventRow>`
    with candidates as materialized (
      select id from sys_events
      where status = 'pending'
        and next_attempt_at <= now()
        and (lease_expires_at is null or lease_expires_at <= now())
      order by seq
      limit ${claim.limit * scanFactor}
    ),
    claimable as (
      select e.id
      from sys_events e
      join candidates using (id)
      -- Checked again here: FOR UPDATE re-evaluates these against a row another relay has just
      -- claimed, while the materialized candidates were read before that claim.
      where e.status = 'pending'
        and e.next_attempt_at <= now()
        and (e.lease_expires_at is null or e.lease_expires_at <= now())
        and not exists (
          select 1 from sys_events earlier
          where earlier.status = 'pending'
            and earlier.tenant_id = e.tenant_id
            and earlier.aggregate_type = e.aggregate_type
            and earlier.aggregate_id = e.aggregate_id
            and earlier.seq < e.seq
        )
      order by e.seq
      limit ${claim.limit}
      for update of e skip locked
    )
    update sys_events s
    set lease_owner = ${claim.owner},
        lease_expires_at = now() + make_interval(secs => ${claim.leaseMs / 1000}),
        attempts = s.attempts + 1
    from claimable
    where s.id = claimable.id
    returning s.*`.execute(db)
  return result.rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))
}
