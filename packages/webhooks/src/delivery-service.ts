import { sql, type Selectable } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { WEBHOOK_BODY_FORMAT } from './webhook-body'
import type { WebhookDeps } from './webhook-deps'
import { resolveWebhookDeps } from './webhook-deps'
import { WebhookError } from './webhook-error'
import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookDeliveryStatus,
} from './webhook-tables'
import type { EndpointRef } from './endpoint-service'

/** A delivery as listed (without its body). */
export interface WebhookDelivery {
  readonly id: string
  readonly endpointId: string
  readonly eventId: string
  readonly eventType: string
  readonly status: WebhookDeliveryStatus
  readonly attempts: number
  /** When the next attempt is due (pending deliveries). */
  readonly nextAttemptAt: string | null
  readonly lastStatus: number | null
  readonly lastError: string | null
  readonly createdAt: string
  readonly deliveredAt: string | null
}

/** One attempt of a delivery. */
export interface WebhookAttempt {
  readonly attempt: number
  readonly attemptedAt: string
  readonly statusCode: number | null
  readonly error: string | null
  readonly latencyMs: number
  readonly responseExcerpt: string | null
}

/** A delivery with its body and every attempt, oldest first. */
export interface WebhookDeliveryDetail extends WebhookDelivery {
  readonly body: string
  readonly attemptLog: readonly WebhookAttempt[]
}

/** One of a tenant's deliveries. */
export interface DeliveryRef {
  readonly tenantId: string
  readonly id: string
}

/** Reads deliveries, redelivers them, sends test events, prunes old ones. */
export interface DeliveryService {
  list(
    ref: EndpointRef,
    page: {
      readonly limit: number
      readonly after?: string
      readonly status?: WebhookDeliveryStatus
    },
  ): Promise<{ readonly items: readonly WebhookDelivery[]; readonly next: string | null }>
  get(ref: DeliveryRef): Promise<WebhookDeliveryDetail>
  /** Sends a settled delivery again (same `webhook-id`, fresh attempts). `CONFLICT` while pending. */
  redeliver(ref: DeliveryRef): Promise<WebhookDelivery>
  /** Sends again every dead delivery of an endpoint created in `[from, to)`; how many. */
  redeliverFailed(
    ref: EndpointRef,
    range: { readonly from: Date; readonly to: Date },
  ): Promise<number>
  /** Queues a `webhook.test` delivery to the endpoint. */
  sendTest(ref: EndpointRef): Promise<WebhookDelivery>
  /** Deletes settled deliveries (and their attempts) created before `olderThan`; how many. */
  prune(olderThan: Date): Promise<number>
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: iso(row.created_at)!,
    deliveredAt: iso(row.delivered_at),
  }
}

function toAttempt(row: Selectable<WebhookAttemptsTable>): WebhookAttempt {
  return {
    attempt: row.attempt,
    attemptedAt: iso(row.attempted_at)!,
    statusCode: row.status_code,
    error: row.error,
    latencyMs: row.latency_ms,
    responseExcerpt: row.response_excerpt,
  }
}

/**
 * The delivery log and its actions. Every read and change is scoped by tenant; a foreign id is
 * `NOT_FOUND`.
 *
 * @example
 * ```ts
 * const deliveries = createDeliveryService({ db, events: outbox })
 * await deliveries.redeliverFailed({ tenantId, id: endpointId }, { from, to })
 * ```
 */
export function createDeliveryService(options: WebhookDeps): DeliveryService {
  const deps = resolveWebhookDeps(options)
  const { db } = deps
  const newId = options.newId ?? uuidv7

  const endpointExists = async (ref: EndpointRef) => {
    const row = await db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', ref.id)
      .executeTakeFirst()
    if (!row) throw new WebhookError('NOT_FOUND', `Webhook endpoint ${ref.id} not found`)
  }
  const deliveryNotFound = (id: string) =>
    new WebhookError('NOT_FOUND', `Webhook delivery ${id} not found`)

  return {
    async list(ref, page) {
      await endpointExists(ref)
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', ref.tenantId)
        .where('endpoint_id', '=', ref.id)
        .$if(page.status !== undefined, (q) => q.where('status', '=', page.status!))
        .$if(page.after !== undefined, (q) => q.where('id', '<', page.after!))
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      const items = rows.slice(0, page.limit).map(toDelivery)
      return { items, next: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null }
    },

    async get(ref) {
      const row = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', ref.tenantId)
        .where('id', '=', ref.id)
        .executeTakeFirst()
      if (!row) throw deliveryNotFound(ref.id)
      const attempts = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('tenant_id', '=', ref.tenantId)
        .where('delivery_id', '=', ref.id)
        .orderBy('attempted_at')
        .orderBy('attempt')
        .execute()
      return { ...toDelivery(row), body: row.body, attemptLog: attempts.map(toAttempt) }
    },

    async redeliver(ref) {
      const row = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: deps.now(), delivered_at: null })
        .where('tenant_id', '=', ref.tenantId)
        .where('id', '=', ref.id)
        .where('status', '<>', 'pending')
        .returningAll()
        .executeTakeFirst()
      if (row) return toDelivery(row)
      const exists = await db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('tenant_id', '=', ref.tenantId)
        .where('id', '=', ref.id)
        .executeTakeFirst()
      if (!exists) throw deliveryNotFound(ref.id)
      throw new WebhookError('CONFLICT', `Webhook delivery ${ref.id} is still pending`)
    },

    async redeliverFailed(ref, range) {
      await endpointExists(ref)
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: deps.now() })
        .where('tenant_id', '=', ref.tenantId)
        .where('endpoint_id', '=', ref.id)
        .where('status', '=', 'dead')
        .where('created_at', '>=', range.from)
        .where('created_at', '<', range.to)
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },

    async sendTest(ref) {
      await endpointExists(ref)
      const at = deps.now()
      const eventId = newId()
      const body = JSON.stringify({
        format: WEBHOOK_BODY_FORMAT,
        type: 'webhook.test',
        timestamp: at.toISOString(),
        data: { endpointId: ref.id },
        event: {
          id: eventId,
          type: 'webhook.test',
          tenantId: ref.tenantId,
          occurredAt: at.toISOString(),
        },
      })
      const row = await db
        .insertInto('webhook_deliveries')
        .values({
          id: newId(),
          tenant_id: ref.tenantId,
          endpoint_id: ref.id,
          event_id: eventId,
          event_type: 'webhook.test',
          body,
          status: 'pending',
          next_attempt_at: at,
          lease_owner: null,
          lease_expires_at: null,
          last_status: null,
          last_error: null,
          created_at: at,
          delivered_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toDelivery(row)
    },

    async prune(olderThan) {
      const result = await sql`
        delete from webhook_deliveries where status <> 'pending' and created_at < ${olderThan}`.execute(
        db,
      )
      return Number(result.numAffectedRows ?? 0)
    },
  }
}
