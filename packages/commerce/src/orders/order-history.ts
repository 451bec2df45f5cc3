import type { EventEnvelope } from '@rustok/core-events'
import type { Kysely, Transaction } from 'kysely'
import type { CommerceTables } from '../commerce-tables'
import type { OrderStatus } from './order-status'

/** One event of an order's history. */
export interface OrderHistoryEntry {
  readonly id: string
  readonly type: string
  readonly version: number
  readonly payload: Readonly<Record<string, unknown>>
  readonly actorId: string | null
  readonly occurredAt: Date
}

/** What an order's events say about it: the state they replay to. */
export interface ReplayedOrder {
  readonly status: OrderStatus | undefined
  readonly paidTotal: number
  readonly refundedTotal: number
}

/** Keeps the change's `order.*` envelopes as the orders' history, in the same transaction. */
export async function recordOrderHistory(
  trx: Transaction<CommerceTables>,
  envelopes: readonly EventEnvelope[],
): Promise<void> {
  const rows = envelopes
    .filter((envelope) => envelope.aggregateType === 'order')
    .map((envelope) => ({
      id: envelope.id,
      tenant_id: envelope.tenantId,
      order_id: envelope.aggregateId,
      type: envelope.type,
      version: envelope.version,
      payload: JSON.stringify(envelope.payload),
      actor_id: envelope.actorId,
      occurred_at: new Date(envelope.occurredAt),
    }))
  if (rows.length > 0) await trx.insertInto('commerce_order_events').values(rows).execute()
}

/** An order's history, oldest first. */
export async function readOrderHistory(
  db: Kysely<CommerceTables>,
  order: { readonly tenantId: string; readonly id: string },
): Promise<OrderHistoryEntry[]> {
  const rows = await db
    .selectFrom('commerce_order_events')
    .select(['id', 'type', 'version', 'payload', 'actor_id', 'occurred_at'])
    .where('tenant_id', '=', order.tenantId)
    .where('order_id', '=', order.id)
    .orderBy('position')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    version: row.version,
    payload: row.payload as Record<string, unknown>,
    actorId: row.actor_id,
    occurredAt: row.occurred_at,
  }))
}

const STATUS_OF: Readonly<Record<string, OrderStatus>> = {
  'order.placed': 'pending',
  'order.confirmed': 'confirmed',
  'order.paid': 'paid',
  'order.shipped': 'shipped',
  'order.delivered': 'delivered',
  'order.cancelled': 'cancelled',
}

/** Replays an order's events: the status they lead to and the money they moved. */
export function replayOrder(
  history: readonly Pick<OrderHistoryEntry, 'type' | 'payload'>[],
): ReplayedOrder {
  let status: OrderStatus | undefined
  let paidTotal = 0
  let refundedTotal = 0
  for (const entry of history) {
    status = STATUS_OF[entry.type] ?? status
    const amount = typeof entry.payload['amount'] === 'number' ? entry.payload['amount'] : 0
    if (entry.type === 'order.paid') paidTotal += amount
    if (entry.type === 'order.refunded') refundedTotal += amount
  }
  return { status, paidTotal, refundedTotal }
}
