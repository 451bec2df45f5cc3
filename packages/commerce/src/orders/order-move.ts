import type { Selectable, Transaction, Updateable } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor, type EventSink } from '../catalogue/product-tx'
import { recordOrderHistory } from './order-history'
import { ORDER_TRANSITIONS, type OrderTransition } from './order-status'
import type { CommerceOrdersTable } from './order-tables'

/** Which order a command is for, and who gives it. */
export interface OrderCommand {
  readonly tenantId: string
  readonly id: string
  readonly actor: CommerceActor
}

/** Runs an order change in one transaction; its `order.*` events are also kept as history. */
export function writeOrderChange<T>(
  deps: ResolvedCommerceDeps,
  command: Pick<OrderCommand, 'tenantId' | 'actor'>,
  work: (trx: Transaction<CommerceTables>, events: EventSink) => Promise<T>,
): Promise<T> {
  return writeCommerceChange(deps, { ...command, beforePublish: recordOrderHistory }, work)
}

/** The order's row, locked for the rest of the transaction; `NOT_FOUND` when not the tenant's. */
export async function lockOrder(
  trx: Transaction<CommerceTables>,
  order: Pick<OrderCommand, 'tenantId' | 'id'>,
): Promise<Selectable<CommerceOrdersTable>> {
  const row = await trx
    .selectFrom('commerce_orders')
    .selectAll()
    .where('tenant_id', '=', order.tenantId)
    .where('id', '=', order.id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new CommerceError('NOT_FOUND', `Order ${order.id} not found`)
  return row
}

/**
 * Moves an order by `transition` with one update conditional on the statuses it may leave: a
 * status another request changed first is `INVALID_TRANSITION` (409), never a lost update.
 */
export async function moveOrder(
  trx: Transaction<CommerceTables>,
  move: Pick<OrderCommand, 'tenantId' | 'id'> & {
    readonly transition: OrderTransition
    readonly at: Date
    readonly set?: Updateable<CommerceOrdersTable>
  },
): Promise<Selectable<CommerceOrdersTable>> {
  const rule = ORDER_TRANSITIONS[move.transition]
  const row = await trx
    .updateTable('commerce_orders')
    .set({ ...move.set, status: rule.to, updated_at: move.at })
    .where('tenant_id', '=', move.tenantId)
    .where('id', '=', move.id)
    .where('status', 'in', rule.from)
    .returningAll()
    .executeTakeFirst()
  if (row) return row
  const found = await trx
    .selectFrom('commerce_orders')
    .select('status')
    .where('tenant_id', '=', move.tenantId)
    .where('id', '=', move.id)
    .executeTakeFirst()
  if (!found) throw new CommerceError('NOT_FOUND', `Order ${move.id} not found`)
  throw new CommerceError(
    'INVALID_TRANSITION',
    `The order is ${found.status}: it cannot ${move.transition} (only from ${rule.from.join(' or ')})`,
  )
}
