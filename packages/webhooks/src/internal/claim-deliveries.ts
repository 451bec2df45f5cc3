import { sql, type Kysely } from 'kysely'
import type { WebhookTables } from '../webhook-tables'

/** A delivery claimed for one attempt. */
export interface ClaimedDelivery {
  readonly id: string
  readonly tenant_id: string
  readonly endpoint_id: string
  readonly body: string
  /** This attempt's number (counted at claim time). */
  readonly attempts: number
}

// Serialises claims (not deliveries): the per-endpoint limit counts leases, so two claims must
// not both see the same free slot.
const CLAIM_LOCK = 0x7768_6b73

/**
 * Claims up to `limit` due deliveries for `owner` with a lease until `leaseUntil`, counting the
 * attempt. A delivery is due when pending, its time has come, unleased (or its lease expired: its
 * worker died) and its endpoint is enabled; an endpoint never holds more than `perEndpoint` live
 * leases, and each endpoint's oldest due delivery comes before anyone's second.
 */
export async function claimDeliveries(
  db: Kysely<WebhookTables>,
  claim: {
    readonly owner: string
    readonly now: Date
    readonly leaseUntil: Date
    readonly limit: number
    readonly perEndpoint: number
  },
): Promise<ClaimedDelivery[]> {
  const { owner, now, leaseUntil, limit, perEndpoint } = claim
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(trx)
    const rows = await sql<ClaimedDelivery>`
      with inflight as (
        select endpoint_id, count(*)::int as n from webhook_deliveries
        where status = 'pending' and lease_expires_at > ${now}
        group by endpoint_id
      ), due as (
        select d.id, d.endpoint_id, d.next_attempt_at,
          row_number() over (partition by d.endpoint_id order by d.next_attempt_at, d.id) as rn
        from (
          select id, tenant_id, endpoint_id, next_attempt_at from webhook_deliveries
          where status = 'pending' and next_attempt_at <= ${now}
            and (lease_expires_at is null or lease_expires_at <= ${now})
          order by next_attempt_at
          limit ${limit * 20}
        ) d
        join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        where e.enabled
      ), picked as (
        select due.id from due left join inflight i on i.endpoint_id = due.endpoint_id
        where due.rn + coalesce(i.n, 0) <= ${perEndpoint}
        order by due.rn, due.next_attempt_at
        limit ${limit}
      )
      update webhook_deliveries d
      set lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, attempts = d.attempts + 1
      from picked where d.id = picked.id
      returning d.id, d.tenant_id, d.endpoint_id, d.body, d.attempts`.execute(trx)
    return rows.rows
  })
}
