import { createEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import { webhookEndpointDisabled } from '../events/webhook-events'
import type { AttemptOutcome } from '../retry-policy'
import type { EventWriter } from '../webhook-deps'
import type { WebhookResponse } from '../webhook-sender'
import type { WebhookTables } from '../webhook-tables'
import type { ClaimedDelivery } from './claim-deliveries'

/** What settling one attempt needs. */
export interface SettleContext {
  readonly db: Kysely<WebhookTables>
  readonly events: EventWriter
  readonly owner: string
  readonly now: Date
  readonly newId: () => string
  /** An endpoint failing this long with no success in between is disabled. */
  readonly disableAfterMs: number
}

/** The attempt as logged. */
export interface AttemptRecord {
  readonly response: WebhookResponse
  readonly outcome: AttemptOutcome
  readonly latencyMs: number
}

const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text)

/**
 * Records an attempt and moves its delivery on (delivered, retried later, or dead) — only while
 * this worker still holds the lease — and updates the endpoint's run of failures, disabling it
 * (with its event, in the same transaction) once that run is older than `disableAfterMs`.
 * Returns `false` when the lease had been lost (another worker took the delivery over).
 */
export async function settleDelivery(
  context: SettleContext,
  delivery: ClaimedDelivery,
  record: AttemptRecord,
): Promise<boolean> {
  const { db, now, owner } = context
  const { response, outcome } = record
  const status = response.ok ? response.status : null
  const error = response.ok
    ? outcome.kind === 'success'
      ? null
      : `HTTP ${response.status}`
    : `${response.kind}: ${clip(response.error, 900)}`
  if (outcome.kind === 'success') return settleSuccess(context, delivery, record)
  const settled = await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('webhook_deliveries')
      .set({
        lease_owner: null,
        lease_expires_at: null,
        last_status: status,
        last_error: error,
        ...(outcome.kind === 'retry'
          ? { next_attempt_at: new Date(now.getTime() + outcome.delayMs) }
          : { status: 'dead' as const }),
      })
      .where('id', '=', delivery.id)
      .where('status', '=', 'pending')
      .where('lease_owner', '=', owner)
      .executeTakeFirst()
    if (moved.numUpdatedRows === 0n) return false
    await trx
      .insertInto('webhook_attempts')
      .values({
        id: context.newId(),
        tenant_id: delivery.tenant_id,
        delivery_id: delivery.id,
        attempt: delivery.attempts,
        attempted_at: now,
        status_code: status,
        error,
        latency_ms: Math.max(0, Math.round(record.latencyMs)),
        response_excerpt: response.ok ? clip(response.excerpt, 1024) : null,
      })
      .execute()
    await trx
      .updateTable('webhook_endpoints')
      .set({ failing_since: now })
      .where('tenant_id', '=', delivery.tenant_id)
      .where('id', '=', delivery.endpoint_id)
      .where('failing_since', 'is', null)
      .execute()
    const reason = `Disabled after failing for ${Math.round(context.disableAfterMs / 60_000)} minutes; last error: ${error ?? 'unknown'}`
    const disabled = await trx
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_reason: clip(reason, 500), updated_at: now })
      .where('tenant_id', '=', delivery.tenant_id)
      .where('id', '=', delivery.endpoint_id)
      .where('enabled', '=', true)
      .where('failing_since', '<=', new Date(now.getTime() - context.disableAfterMs))
      .returning('id')
      .executeTakeFirst()
    if (disabled) {
      const envelope = createEnvelope(
        webhookEndpointDisabled,
        { endpointId: delivery.endpoint_id, reason: clip(reason, 500) },
        { tenantId: delivery.tenant_id, actorId: null, correlationId: null, traceId: null },
        { now: () => now, newId: context.newId },
      )
      await context.events.publishInTx(trx, [envelope])
    }
    return true
  })
  if (settled) context.events.committed?.(db)
  return settled
}

/**
 * The common case in one statement (one round trip, atomic without a transaction): the delivery
 * succeeded, its attempt is logged, and its endpoint's run of failures (if any) ends.
 */
async function settleSuccess(
  context: SettleContext,
  delivery: ClaimedDelivery,
  record: AttemptRecord,
): Promise<boolean> {
  const { response } = record
  const status = response.ok ? response.status : null
  const excerpt = response.ok ? clip(response.excerpt, 1024) : null
  const { rows } = await sql<{ delivery_id: string }>`
    with moved as (
      update webhook_deliveries
      set status = 'succeeded', delivered_at = ${context.now}, lease_owner = null,
        lease_expires_at = null, last_status = ${status}, last_error = null
      where id = ${delivery.id} and status = 'pending' and lease_owner = ${context.owner}
      returning id, tenant_id, endpoint_id
    ), recovered as (
      update webhook_endpoints e set failing_since = null
      from moved
      where e.tenant_id = moved.tenant_id and e.id = moved.endpoint_id
        and e.failing_since is not null
    )
    insert into webhook_attempts
      (id, tenant_id, delivery_id, attempt, attempted_at, status_code, error, latency_ms,
       response_excerpt)
    select ${context.newId()}, tenant_id, id, ${delivery.attempts}, ${context.now}, ${status},
      null, ${Math.max(0, Math.round(record.latencyMs))}, ${excerpt}
    from moved
    returning delivery_id`.execute(context.db)
  return rows.length > 0
}
