import type { Transaction } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import type { CommerceTables } from '../commerce-tables'
import type { CommerceActor, EventSink } from '../catalogue/product-tx'
import { endReservation } from '../inventory/reservations'

/**
 * Ends the order's still-active reservations: `released` (units available again, on cancel) or
 * `converted` (units sold, on payment). Reservations already ended are left as they are.
 */
export async function endOrderReservations(
  trx: Transaction<CommerceTables>,
  events: EventSink,
  command: {
    readonly deps: ResolvedCommerceDeps
    readonly tenantId: string
    readonly reservationIds: readonly string[]
    readonly status: 'released' | 'converted'
    readonly actor: CommerceActor
  },
): Promise<void> {
  const { deps, tenantId, reservationIds, status, actor } = command
  if (reservationIds.length === 0) return
  const active = await trx
    .selectFrom('commerce_reservations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', reservationIds)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute()
  for (const { id } of active)
    await endReservation(trx, { deps, tenantId, id, status, actor }, events)
}

/** The reservation ids held by an order's lines. */
export async function orderReservationIds(
  trx: Transaction<CommerceTables>,
  order: { readonly tenantId: string; readonly id: string },
): Promise<string[]> {
  const rows = await trx
    .selectFrom('commerce_order_lines')
    .select('reservation_id')
    .where('tenant_id', '=', order.tenantId)
    .where('order_id', '=', order.id)
    .where('reservation_id', 'is not', null)
    .execute()
  return rows.map((row) => row.reservation_id).filter((id): id is string => id !== null)
}
