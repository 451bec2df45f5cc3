import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

/**
 * Adding one unit of a variant to a cart as hand-written SQL in ONE transaction — the floor the
 * cart service is compared with: the cart locked, the variant's product checked active, the
 * line's unit price for its new quantity (base prices, the narrowest tier), the line upserted,
 * the cart touched, one outbox row, and the lines read back. No price lists, no re-pricing of the
 * other lines, no totals, no validation.
 */
export async function rawAddToCart(
  db: Kysely<unknown>,
  ref: { readonly tenantId: string; readonly cartId: string; readonly variantId: string },
): Promise<number> {
  const { tenantId, cartId, variantId } = ref
  return db.transaction().execute(async (trx) => {
    const cart = (
      await sql<{ currency: string }>`select currency from commerce_carts
        where tenant_id = ${tenantId}::uuid and id = ${cartId}::uuid and status = 'open' for update`.execute(
        trx,
      )
    ).rows[0]
    if (!cart) throw new Error(`cart ${cartId} is not open`)
    const active = await sql`select 1 from commerce_variants v join commerce_products p
        on p.tenant_id = v.tenant_id and p.id = v.product_id
      where v.tenant_id = ${tenantId}::uuid and v.id = ${variantId}::uuid and p.status = 'active'`.execute(
      trx,
    )
    if (active.rows.length === 0) throw new Error('not for sale')
    const line = (
      await sql<{ quantity: number }>`select quantity from commerce_cart_lines
        where cart_id = ${cartId}::uuid and variant_id = ${variantId}::uuid`.execute(trx)
    ).rows[0]
    const quantity = (line?.quantity ?? 0) + 1
    const price = (
      await sql<{ amount: string }>`select amount::text from commerce_prices
        where tenant_id = ${tenantId}::uuid and variant_id = ${variantId}::uuid
          and currency = ${cart.currency} and region_id is null and price_list_id is null
          and min_quantity <= ${quantity} and (max_quantity is null or max_quantity >= ${quantity})
        order by min_quantity desc limit 1`.execute(trx)
    ).rows[0]
    if (!price) throw new Error('no price')
    await sql`insert into commerce_cart_lines (id, tenant_id, cart_id, variant_id, quantity, unit_price, price_source)
      values (${randomUUID()}::uuid, ${tenantId}::uuid, ${cartId}::uuid, ${variantId}::uuid, 1, ${price.amount}::bigint, 'base')
      on conflict (cart_id, variant_id) do update
        set quantity = commerce_cart_lines.quantity + 1, unit_price = excluded.unit_price, updated_at = now()`.execute(
      trx,
    )
    await sql`update commerce_carts set updated_at = now() where id = ${cartId}::uuid`.execute(trx)
    await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload)
      values (${randomUUID()}::uuid, ${tenantId}::uuid, 'cart.updated', 1, 'cart', ${cartId},
        ${randomUUID()}::uuid, now(), ${JSON.stringify({ cartId, change: 'lines' })}::jsonb)`.execute(
      trx,
    )
    const lines = await sql`select variant_id, quantity, unit_price from commerce_cart_lines
      where cart_id = ${cartId}::uuid order by created_at, id`.execute(trx)
    return lines.rows.length
  })
}
