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
 * Records a failed attempt and moves its delivery on (retried later, or dead) — only while this
 * worker still holds the lease — and updates the endpoint's run of failures, disabling it (with
 * its event, in the same transaction) once that run is older than `disableAfterMs`. Returns
 * `false` when the lease had been lost (another worker took the delivery over). Successes go
 * through {@link settleSuccesses}, many in one statement.
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
  if (outcome.kind === 'success')
    return (await settleSuccesses(context, [{ delivery, at: now, record }])).has(delivery.id)
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

/** A successful attempt waiting to be settled. */
export interface SettledSuccess {
  readonly delivery: ClaimedDelivery
  /** When the answer came. */
  readonly at: Date
  readonly record: AttemptRecord
}

/**
 * The common case, any number of deliveries in one statement (one round trip, atomic without a
 * transaction): each delivery still leased by this worker is delivered, its attempt logged, and
 * its endpoint's run of failures (if any) ends. Resolves to the ids that were settled (a lost
 * lease is left out).
 */
export async function settleSuccesses(
  context: Pick<SettleContext, 'db' | 'owner' | 'newId'>,
  successes: readonly SettledSuccess[],
): Promise<Set<string>> {
  if (successes.length === 0) return new Set()
  const column = <T>(pick: (success: SettledSuccess) => T): T[] => successes.map(pick)
  const ids = column((s) => s.delivery.id)
  const attempts = column((s) => s.delivery.attempts)
  const at = column((s) => s.at.toISOString())
  const statuses = column((s) => (s.record.response.ok ? s.record.response.status : null))
  const latencies = column((s) => Math.max(0, Math.round(s.record.latencyMs)))
  const excerpts = column((s) =>
    s.record.response.ok ? clip(s.record.response.excerpt, 1024) : null,
  )
  const attemptIds = column(() => context.newId())
  const { rows } = await sql<{ delivery_id: string }>`
    with input as (
      select * from unnest(${ids}::uuid[], ${attempts}::int[], ${at}::timestamptz[],
        ${statuses}::int[], ${latencies}::int[], ${excerpts}::text[], ${attemptIds}::uuid[])
        as i (id, attempt, at, status, latency, excerpt, attempt_id)
    ), moved as (
      update webhook_deliveries d
      set status = 'succeeded', delivered_at = input.at, lease_owner = null,
        lease_expires_at = null, last_status = input.status, last_error = null
      from input
      where d.id = input.id and d.status = 'pending' and d.lease_owner = ${context.owner}
      returning d.id, d.tenant_id, d.endpoint_id
    ), recovered as (
      update webhook_endpoints e set failing_since = null
      from (select distinct tenant_id, endpoint_id from moved) m
      where e.tenant_id = m.tenant_id and e.id = m.endpoint_id and e.failing_since is not null
    )
    insert into webhook_attempts
      (id, tenant_id, delivery_id, attempt, attempted_at, status_code, error, latency_ms,
       response_excerpt)
    select input.attempt_id, moved.tenant_id, moved.id, input.attempt, input.at, input.status,
      null, input.latency, input.excerpt
    from moved join input on input.id = moved.id
    returning delivery_id`.execute(context.db)
  return new Set(rows.map((row) => row.delivery_id))
}
