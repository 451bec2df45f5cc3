import { sql, type Kysely } from 'kysely'
import type { CommerceTables } from '../commerce-tables'
import { normaliseRate } from '../pricing/tax'
import { cartTotals } from './cart-totals'
import type { Cart, CartPromotion } from './cart-types'
import { discountOf, promotionRefusal, toPromotion } from './promotion-rules'

/** The carts' rows with their region's tax rule and shipping option. */
async function cartRows(
  db: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly cartIds: readonly string[] },
) {
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
    .where('c.id', 'in', ref.cartIds)
    .execute()
}

type CartRow = Awaited<ReturnType<typeof cartRows>>[number]
type LineRow = Awaited<ReturnType<typeof lineRows>>[number]
type PromotionRowOf = Awaited<ReturnType<typeof promotionRows>>[number]

function lineRows(
  db: Kysely<CommerceTables>,
  ref: { tenantId: string; cartIds: readonly string[] },
) {
  return db
    .selectFrom('commerce_cart_lines as l')
    .innerJoin('commerce_variants as v', (join) =>
      join.onRef('v.tenant_id', '=', 'l.tenant_id').onRef('v.id', '=', 'l.variant_id'),
    )
    .selectAll('l')
    .select('v.product_id')
    .where('l.tenant_id', '=', ref.tenantId)
    .where('l.cart_id', 'in', ref.cartIds)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute()
}

function promotionRows(
  db: Kysely<CommerceTables>,
  ref: { tenantId: string; cartIds: readonly string[] },
) {
  return db
    .selectFrom('commerce_cart_promotions as cp')
    .innerJoin('commerce_promotions as p', (join) =>
      join.onRef('p.tenant_id', '=', 'cp.tenant_id').onRef('p.id', '=', 'cp.promotion_id'),
    )
    .selectAll('p')
    .select('cp.cart_id')
    .where('cp.tenant_id', '=', ref.tenantId)
    .where('cp.cart_id', 'in', ref.cartIds)
    .orderBy('cp.added_at')
    .orderBy('p.id')
    .execute()
}

/**
 * Carts with their lines, codes, shipping and totals, in three statements whatever their number
 * and size: the carts (with region and shipping option), their lines, their promotions. In the
 * order of `cartIds`; ids the tenant has no cart for are left out. Codes that no longer apply
 * (window, currency, minimum, usage) stay listed with the reason and take nothing off.
 */
export async function loadCarts(
  db: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly cartIds: readonly string[]; readonly at: Date },
): Promise<Cart[]> {
  if (ref.cartIds.length === 0) return []
  const rows = await cartRows(db, ref)
  if (rows.length === 0) return []
  const found = { tenantId: ref.tenantId, cartIds: rows.map((row) => row.id) }
  const [lines, promotions] = await Promise.all([lineRows(db, found), promotionRows(db, found)])
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ref.cartIds.flatMap((id) => {
    const row = byId.get(id)
    if (!row) return []
    return [
      assemble(row, {
        lines: lines.filter((line) => line.cart_id === id),
        promotions: promotions.filter((promotion) => promotion.cart_id === id),
        at: ref.at,
      }),
    ]
  })
}

/** One cart of the tenant (three statements), or `undefined`. */
export async function loadCart(
  db: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly cartId: string; readonly at: Date },
): Promise<Cart | undefined> {
  const [cart] = await loadCarts(db, { tenantId: ref.tenantId, cartIds: [ref.cartId], at: ref.at })
  return cart
}

function assemble(
  row: CartRow,
  parts: {
    readonly lines: readonly LineRow[]
    readonly promotions: readonly PromotionRowOf[]
    readonly at: Date
  },
): Cart {
  const { lines, promotions } = parts
  const ref = { at: parts.at }
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
