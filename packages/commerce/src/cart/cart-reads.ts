import { sql, type Kysely } from 'kysely'
import type { CommerceTables } from '../commerce-tables'
import { normaliseRate } from '../pricing/tax'
import { cartTotals } from './cart-totals'
import type { Cart, CartPromotion } from './cart-types'
import { discountOf, promotionRefusal, toPromotion } from './promotion-rules'

/** The cart's row with its region's tax rule and its shipping option. */
async function cartRow(db: Kysely<CommerceTables>, ref: { tenantId: string; cartId: string }) {
  return db
    .selectFrom('commerce_carts as c')
    .innerJoin('commerce_regions as r', (join) =>
      join.onRef('r.tenant_id', '=', 'c.tenant_id').onRef('r.id', '=', 'c.region_id'),
    )
    .leftJoin('commerce_shipping_options as s', (join) =>
      join.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.id', '=', 'c.shipping_option_id'),
    )
    .selectAll('c')
    .select([
      sql<string>`r.tax_rate::text`.as('tax_rate'),
      'r.tax_included',
      's.name as shipping_name',
      's.amount as shipping_amount',
    ])
    .where('c.tenant_id', '=', ref.tenantId)
    .where('c.id', '=', ref.cartId)
    .executeTakeFirst()
}

/**
 * A cart with its lines, codes, shipping and totals, in three statements whatever its size: the
 * cart (with region and shipping option), its lines, its promotions. `undefined` when the tenant
 * has no such cart. Codes that no longer apply (window, currency, minimum, usage) stay listed with
 * the reason and take nothing off.
 */
export async function loadCart(
  db: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly cartId: string; readonly at: Date },
): Promise<Cart | undefined> {
  const row = await cartRow(db, ref)
  if (!row) return undefined
  const [lines, promotions] = await Promise.all([
    db
      .selectFrom('commerce_cart_lines as l')
      .innerJoin('commerce_variants as v', (join) =>
        join.onRef('v.tenant_id', '=', 'l.tenant_id').onRef('v.id', '=', 'l.variant_id'),
      )
      .selectAll('l')
      .select('v.product_id')
      .where('l.tenant_id', '=', ref.tenantId)
      .where('l.cart_id', '=', ref.cartId)
      .orderBy('l.created_at')
      .orderBy('l.id')
      .execute(),
    db
      .selectFrom('commerce_cart_promotions as cp')
      .innerJoin('commerce_promotions as p', (join) =>
        join.onRef('p.tenant_id', '=', 'cp.tenant_id').onRef('p.id', '=', 'cp.promotion_id'),
      )
      .selectAll('p')
      .where('cp.tenant_id', '=', ref.tenantId)
      .where('cp.cart_id', '=', ref.cartId)
      .orderBy('cp.added_at')
      .orderBy('p.id')
      .execute(),
  ])
  const priced = lines.map((line) => ({
    unitPrice: Number(line.unit_price),
    quantity: line.quantity,
  }))
  const subtotal = priced.reduce((a, line) => a + line.unitPrice * line.quantity, 0)
  const checked = promotions.map((promotionRow) => {
    const promotion = toPromotion(promotionRow)
    const refusal =
      row.status === 'completed'
        ? null
        : promotionRefusal(promotion, {
            at: ref.at,
            currency: row.currency,
            subtotal,
            customerUses: 0,
          })
    return { promotion, refusal }
  })
  const applied = checked.filter((entry) => entry.refusal === null)
  const shipping = row.shipping_amount === null ? 0 : Number(row.shipping_amount)
  const tax = { rate: normaliseRate(row.tax_rate), included: row.tax_included }
  const totals = cartTotals({
    lines: priced,
    tax,
    discounts: applied.map((entry) => discountOf(entry.promotion)),
    shipping,
  })
  const discountOf_ = new Map(
    applied.map((entry, i) => [entry.promotion.id, totals.discounts[i] ?? 0]),
  )
  const cartPromotions: CartPromotion[] = checked.map(({ promotion, refusal }) => ({
    id: promotion.id,
    code: promotion.code,
    type: promotion.type,
    percent: promotion.percent,
    amount: promotion.amount,
    discount: discountOf_.get(promotion.id) ?? 0,
    refusal,
  }))
  return {
    id: row.id,
    status: row.status,
    regionId: row.region_id,
    currency: row.currency,
    taxRate: tax.rate,
    taxIncluded: tax.included,
    customerId: row.customer_id,
    email: row.email,
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    shippingOption:
      row.shipping_option_id === null
        ? null
        : { id: row.shipping_option_id, name: row.shipping_name ?? '', amount: shipping },
    promotions: cartPromotions,
    lines: lines.map((line, index) => {
      const share = totals.lines[index]
      return {
        id: line.id,
        variantId: line.variant_id,
        productId: line.product_id,
        quantity: line.quantity,
        unitPrice: Number(line.unit_price),
        compareAt: line.compare_at === null ? null : Number(line.compare_at),
        priceSource: line.price_source,
        subtotal: share?.subtotal ?? 0,
        discount: share?.discount ?? 0,
        tax: share?.tax ?? 0,
        total: share?.total ?? 0,
      }
    }),
    totals: {
      subtotal: totals.subtotal,
      discountTotal: totals.discountTotal,
      shippingTotal: totals.shippingTotal,
      taxTotal: totals.taxTotal,
      taxIncluded: totals.taxIncluded,
      total: totals.total,
    },
    orderId: row.order_id,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
