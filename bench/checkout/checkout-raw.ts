import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

// Random ids: the raw side needs no time order.
const uuidv7 = (): string => randomUUID()

interface CartRow {
  region_id: string
  currency: string
  email: string
}
interface LineRow {
  variant_id: string
  product_id: string
  quantity: number
  unit_price: string
}

const event = (
  tenantId: string,
  e: { type: string; aggregateType: string; aggregateId: string; payload: unknown },
) =>
  sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload)
      values (${uuidv7()}::uuid, ${tenantId}::uuid, ${e.type}, 1, ${e.aggregateType},
        ${e.aggregateId}, ${randomUUID()}::uuid, now(), ${JSON.stringify(e.payload)}::jsonb)`

/**
 * The checkout's writes as hand-written SQL in ONE transaction — the floor the saga's steps are
 * compared with: the cart locked and read, every line reserved by a conditional update with its
 * reservation and ledger row, the payment, the order number, the order and its lines, the cart
 * completed, the checkout row and five outbox events. No price re-resolution, no provider call.
 */
export async function rawCheckout(
  db: Kysely<unknown>,
  ref: { readonly tenantId: string; readonly cartId: string; readonly locationId: string },
): Promise<string> {
  const { tenantId, cartId, locationId } = ref
  return db.transaction().execute(async (trx) => {
    const cart = (
      await sql<CartRow>`select region_id, currency, email from commerce_carts
        where tenant_id = ${tenantId}::uuid and id = ${cartId}::uuid and status = 'open' for update`.execute(
        trx,
      )
    ).rows[0]
    if (!cart) throw new Error(`cart ${cartId} is not open`)
    const lines = (
      await sql<LineRow>`select l.variant_id, v.product_id, l.quantity, l.unit_price::text
        from commerce_cart_lines l join commerce_variants v on v.tenant_id = l.tenant_id and v.id = l.variant_id
        where l.tenant_id = ${tenantId}::uuid and l.cart_id = ${cartId}::uuid order by l.variant_id`.execute(
        trx,
      )
    ).rows
    const total = lines.reduce((sum, line) => sum + Number(line.unit_price) * line.quantity, 0)
    const checkoutId = uuidv7()
    const orderId = uuidv7()
    const paymentId = uuidv7()
    await sql`insert into commerce_checkouts (id, tenant_id, cart_id, step, provider, currency, total, snapshot)
      values (${checkoutId}::uuid, ${tenantId}::uuid, ${cartId}::uuid, 'completed', 'manual',
        ${cart.currency}, ${total}, '{}'::jsonb)`.execute(trx)
    await event(tenantId, {
      type: 'checkout.started',
      aggregateType: 'checkout',
      aggregateId: checkoutId,
      payload: { checkoutId, cartId },
    }).execute(trx)
    const reservations: string[] = []
    for (const line of lines) {
      const held =
        await sql`update commerce_inventory_levels set reserved = reserved + ${line.quantity}
        where variant_id = ${line.variant_id}::uuid and location_id = ${locationId}::uuid
          and stocked - reserved >= ${line.quantity} returning variant_id`.execute(trx)
      if (held.rows.length === 0) throw new Error('out of stock')
      const reservationId = uuidv7()
      reservations.push(reservationId)
      await sql`insert into commerce_reservations (id, tenant_id, variant_id, location_id, quantity, reference, expires_at)
        values (${reservationId}::uuid, ${tenantId}::uuid, ${line.variant_id}::uuid, ${locationId}::uuid,
          ${line.quantity}, ${`checkout:${checkoutId}`}, now() + interval '30 days')`.execute(trx)
      await sql`insert into commerce_inventory_movements (id, tenant_id, variant_id, location_id, kind, reserved_delta, reference)
        values (${uuidv7()}::uuid, ${tenantId}::uuid, ${line.variant_id}::uuid, ${locationId}::uuid,
          'reserve', ${line.quantity}, ${`checkout:${checkoutId}`})`.execute(trx)
    }
    await sql`insert into commerce_payments (id, tenant_id, checkout_id, order_id, provider, status, amount, currency)
      values (${paymentId}::uuid, ${tenantId}::uuid, ${checkoutId}::uuid, ${orderId}::uuid, 'manual',
        'authorized', ${total}, ${cart.currency})`.execute(trx)
    const counter = await sql<{
      last_number: string
    }>`insert into commerce_order_counters (tenant_id, last_number)
      values (${tenantId}::uuid, 1001) on conflict (tenant_id)
      do update set last_number = commerce_order_counters.last_number + 1 returning last_number`.execute(
      trx,
    )
    await sql`insert into commerce_orders (id, tenant_id, number, status, checkout_id, cart_id, email,
        region_id, currency, tax_inclusive, subtotal, total, confirmed_at)
      values (${orderId}::uuid, ${tenantId}::uuid, ${counter.rows[0]?.last_number ?? ''}, 'confirmed',
        ${checkoutId}::uuid, ${cartId}::uuid, ${cart.email}, ${cart.region_id}::uuid, ${cart.currency},
        true, ${total}, ${total}, now())`.execute(trx)
    for (const [position, line] of lines.entries())
      await sql`insert into commerce_order_lines (id, tenant_id, order_id, position, variant_id, product_id,
          title, quantity, unit_price, total, reservation_id)
        values (${uuidv7()}::uuid, ${tenantId}::uuid, ${orderId}::uuid, ${position}, ${line.variant_id}::uuid,
          ${line.product_id}::uuid, 'Item', ${line.quantity}, ${line.unit_price}::bigint,
          ${Number(line.unit_price) * line.quantity}, ${reservations[position] ?? null}::uuid)`.execute(
        trx,
      )
    await sql`update commerce_carts set status = 'completed', order_id = ${orderId}::uuid, completed_at = now()
      where tenant_id = ${tenantId}::uuid and id = ${cartId}::uuid`.execute(trx)
    for (const type of ['reservation.created', 'cart.completed', 'order.placed', 'order.confirmed'])
      await event(tenantId, {
        type,
        aggregateType: type.split('.')[0] ?? '',
        aggregateId: orderId,
        payload: { orderId },
      }).execute(trx)
    return orderId
  })
}
