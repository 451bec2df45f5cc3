import type { AnyKysely } from '@rustok/core-db'
import { createIdempotentHandler, type IdempotentHandler } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { webhookBody } from './webhook-body'
import type { WebhookTables } from './webhook-tables'

/** The fan-out handler's inbox key: renaming it would make every past event look unhandled. */
export const WEBHOOK_FANOUT_HANDLER = 'webhooks-fanout'

/** Options for {@link createFanoutHandler}. */
export interface FanoutHandlerOptions {
  readonly db: Kysely<WebhookTables> | AnyKysely
  readonly now?: () => Date
  readonly newId?: () => string
}

/**
 * The outbox handler that turns each event into one pending delivery per enabled endpoint of its
 * tenant whose filters match (`*`, the exact type, or `prefix.*`). The rows are written in the
 * handler's transaction with its inbox row, and `(endpoint_id, event_id)` is unique, so an event
 * fans out once however often the outbox redelivers it. Nothing is sent here: the delivery
 * worker does that, outside every write's transaction.
 *
 * @example
 * ```ts
 * dispatcher.register(createFanoutHandler({ db }))
 * ```
 */
export function createFanoutHandler(options: FanoutHandlerOptions): IdempotentHandler {
  const { now = () => new Date(), newId = uuidv7 } = options
  const db = options.db as Kysely<WebhookTables>
  return createIdempotentHandler({
    name: WEBHOOK_FANOUT_HANDLER,
    types: '*',
    db,
    concurrency: 4,
    handle: async (trx, event) => {
      const endpoints = await sql<{ id: string }>`
        select id from webhook_endpoints
        where tenant_id = ${event.tenantId} and enabled
          and exists (select 1 from unnest(event_types) as f(filter)
            where filter = '*' or filter = ${event.type}
              or (right(filter, 2) = '.*' and starts_with(${event.type}, left(filter, -1))))`.execute(
        trx,
      )
      if (endpoints.rows.length === 0) return
      const body = webhookBody(event)
      const at = now()
      await trx
        .insertInto('webhook_deliveries')
        .values(
          endpoints.rows.map((endpoint) => ({
            id: newId(),
            tenant_id: event.tenantId,
            endpoint_id: endpoint.id,
            event_id: event.id,
            event_type: event.type,
            body,
            status: 'pending' as const,
            next_attempt_at: at,
            lease_owner: null,
            lease_expires_at: null,
            last_status: null,
            last_error: null,
            created_at: at,
            delivered_at: null,
          })),
        )
        .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
        .execute()
    },
  })
}
