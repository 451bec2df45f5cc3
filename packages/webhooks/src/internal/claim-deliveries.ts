import { sql, type Kysely } from 'kysely'
import type { WebhookTables } from '../webhook-tables'

/** A delivery claimed for one attempt, with what sending it needs of its endpoint. */
export interface ClaimedDelivery {
  readonly id: string
  readonly tenant_id: string
  readonly endpoint_id: string
  readonly body: string
  /** This attempt's number (counted at claim time). */
  readonly attempts: number
  readonly url: string
  readonly headers: Record<string, string>
  readonly secret: string
  readonly previous_secret: string | null
  readonly previous_secret_expires_at: Date | string | null
}

// Serialises claims (not deliveries): the per-endpoint and per-tenant limits count leases, so two
// claims must not both see the same free slot.
const CLAIM_LOCK = 0x7768_6b73

/** What one claim asks for. */
interface ClaimRequest {
  readonly owner: string
  readonly now: Date
  readonly leaseUntil: Date
  readonly limit: number
  /** Most live leases of one endpoint. */
  readonly perEndpoint: number
  /** Most live leases of one tenant, over all its endpoints. */
  readonly perTenant: number
}

/**
 * Claims up to `limit` due deliveries for `owner` with a lease until `leaseUntil`, counting the
 * attempt, and returns each with its endpoint's URL, headers and secrets (no second read). A delivery is due when pending, its time has come, unleased (or its lease expired: its
 * worker died) and its endpoint is enabled. An endpoint never holds more than `perEndpoint` live
 * leases and a tenant never more than `perTenant` (so many slow endpoints of one tenant cannot
 * take every slot); each tenant's first delivery comes before anyone's second, and within a
 * tenant each endpoint's oldest before any endpoint's second.
 */
export async function claimDeliveries(
  db: Kysely<WebhookTables>,
  claim: ClaimRequest,
): Promise<ClaimedDelivery[]> {
  const { owner, now, leaseUntil, limit, perEndpoint, perTenant } = claim
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(trx)
    // The candidates skip disabled endpoints (their deliveries wait, pending, to be enabled
    // again) and endpoints and tenants already at their limit, so a backlog of old deliveries
    // cannot fill the window and hide everyone else's behind it; that keeps the window small
    // (4 × limit rows sorted per claim, its main cost while a backlog waits).
    const rows = await sql<ClaimedDelivery>`
      with inflight as (
        select tenant_id, endpoint_id, count(*)::int as n from webhook_deliveries
        where status = 'pending' and lease_expires_at > ${now}
        group by tenant_id, endpoint_id
      ), tenant_inflight as (
        select tenant_id, sum(n)::int as n from inflight group by tenant_id
      ), candidates as (
        select d.id, d.tenant_id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
        where d.status = 'pending' and d.next_attempt_at <= ${now}
          and (d.lease_expires_at is null or d.lease_expires_at <= ${now})
          and exists (select 1 from webhook_endpoints e
            where e.tenant_id = d.tenant_id and e.id = d.endpoint_id and e.enabled)
          and not exists (select 1 from inflight i
            where i.endpoint_id = d.endpoint_id and i.n >= ${perEndpoint})
          and not exists (select 1 from tenant_inflight ti
            where ti.tenant_id = d.tenant_id and ti.n >= ${perTenant})
        order by d.next_attempt_at
        limit ${limit * 4}
      ), due as (
        select c.id, c.tenant_id, c.endpoint_id, c.next_attempt_at,
          row_number() over (partition by c.endpoint_id order by c.next_attempt_at, c.id) as rn
        from candidates c
      ), within_endpoint as (
        select due.id, due.tenant_id, due.rn, due.next_attempt_at,
          row_number() over (
            partition by due.tenant_id order by due.rn, due.next_attempt_at, due.id
          ) as tenant_rn
        from due left join inflight i on i.endpoint_id = due.endpoint_id
        where due.rn + coalesce(i.n, 0) <= ${perEndpoint}
      ), picked as (
        select w.id from within_endpoint w
        left join tenant_inflight ti on ti.tenant_id = w.tenant_id
        where w.tenant_rn + coalesce(ti.n, 0) <= ${perTenant}
        order by w.tenant_rn, w.rn, w.next_attempt_at
        limit ${limit}
      )
      update webhook_deliveries d
      set lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, attempts = d.attempts + 1
      from picked, webhook_endpoints e
      where d.id = picked.id and e.tenant_id = d.tenant_id and e.id = d.endpoint_id
      returning d.id, d.tenant_id, d.endpoint_id, d.body, d.attempts, e.url, e.headers, e.secret,
        e.previous_secret, e.previous_secret_expires_at`.execute(trx)
    return rows.rows
  })
}
