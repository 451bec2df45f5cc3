import type { Kysely } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { priceLines } from './cart-pricing'
import type { LockedCart } from './cart-lock'

/** How many lines a cart holds at most. */
const MAX_CART_LINES = 100
/** The most of one variant in a cart. */
const MAX_LINE_QUANTITY = 10_000

const invalid = (path: string, message: string) =>
  new CommerceError('INVALID_INPUT', `${path} ${message}`, { errors: [{ path, message }] })

/**
 * Adds `quantity` of a variant to a locked cart (to its line when it has one), priced for the
 * line's new quantity. The variant must be of the tenant, of an active product, and priced in the
 * cart's region: else `INVALID_INPUT` naming `variantId`.
 */
export async function addCartLine(
  trx: Kysely<CommerceTables>,
  cart: LockedCart,
  input: {
    readonly variantId: string
    readonly quantity: number
    readonly at: Date
    readonly newId: () => string
  },
): Promise<void> {
  const variant = await trx
    .selectFrom('commerce_variants as v')
    .innerJoin('commerce_products as p', (join) =>
      join.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select('p.status')
    .where('v.tenant_id', '=', cart.tenant_id)
    .where('v.id', '=', input.variantId)
    .executeTakeFirst()
  if (!variant) throw invalid('variantId', 'is not a variant of this shop')
  if (variant.status !== 'active') throw invalid('variantId', 'is not for sale')
  const lines = await trx
    .selectFrom('commerce_cart_lines')
    .select(['id', 'variant_id', 'quantity'])
    .where('tenant_id', '=', cart.tenant_id)
    .where('cart_id', '=', cart.id)
    .execute()
  const existing = lines.find((line) => line.variant_id === input.variantId)
  if (!existing && lines.length >= MAX_CART_LINES)
    throw invalid('variantId', `cannot be added: a cart holds at most ${MAX_CART_LINES} lines`)
  const quantity = (existing?.quantity ?? 0) + input.quantity
  if (quantity > MAX_LINE_QUANTITY)
    throw invalid('quantity', `would make the line ${quantity}: at most ${MAX_LINE_QUANTITY}`)
  const id = existing?.id ?? input.newId()
  const price = (
    await priceLines(
      trx,
      { tenantId: cart.tenant_id, regionId: cart.region_id, currency: cart.currency, at: input.at },
      [{ id, variantId: input.variantId, quantity }],
    )
  ).get(id)
  if (!price) throw invalid('variantId', "has no price in the cart's region")
  const priced = {
    quantity,
    unit_price: price.unitPrice,
    compare_at: price.compareAt,
    price_source: price.source,
    updated_at: input.at,
  }
  if (existing)
    await trx
      .updateTable('commerce_cart_lines')
      .set(priced)
      .where('tenant_id', '=', cart.tenant_id)
      .where('id', '=', id)
      .execute()
  else
    await trx
      .insertInto('commerce_cart_lines')
      .values({
        id,
        tenant_id: cart.tenant_id,
        cart_id: cart.id,
        variant_id: input.variantId,
        created_at: input.at,
        ...priced,
      })
      .execute()
}

/** Sets a line's quantity (re-priced with the cart), or removes it; `NOT_FOUND` for another cart's line. */
export async function changeCartLine(
  trx: Kysely<CommerceTables>,
  cart: LockedCart,
  change: { readonly lineId: string; readonly quantity: number; readonly at: Date },
): Promise<void> {
  const row =
    change.quantity === 0
      ? await trx
          .deleteFrom('commerce_cart_lines')
          .where('tenant_id', '=', cart.tenant_id)
          .where('cart_id', '=', cart.id)
          .where('id', '=', change.lineId)
          .returning('id')
          .executeTakeFirst()
      : await trx
          .updateTable('commerce_cart_lines')
          .set({ quantity: change.quantity, updated_at: change.at })
          .where('tenant_id', '=', cart.tenant_id)
          .where('cart_id', '=', cart.id)
          .where('id', '=', change.lineId)
          .returning('id')
          .executeTakeFirst()
  if (!row) throw new CommerceError('NOT_FOUND', `Line ${change.lineId} not found in this cart`)
}
