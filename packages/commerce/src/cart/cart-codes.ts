import type { Kysely } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import type { LockedCart } from './cart-lock'
import { customerKey, promotionRefusal, toPromotion } from './promotion-rules'

/** How many discount codes one cart takes. */
const MAX_CART_CODES = 5

const refused = (code: string, reason: string) =>
  new CommerceError('PROMOTION_NOT_APPLICABLE', `The code ${code} does not apply: ${reason}`, {
    errors: [{ path: 'code', message: reason }],
  })

/**
 * Puts a discount code on a locked cart after checking it against the cart as it is (window,
 * currency, minimum subtotal, usage so far in all and by this customer or e-mail):
 * `PROMOTION_NOT_APPLICABLE` naming the reason otherwise. A code already on the cart is left as is.
 * The checkout counts the use ({@link redeemPromotion}); this check is only advice to the shopper.
 */
export async function addCartCode(
  trx: Kysely<CommerceTables>,
  cart: LockedCart,
  input: { readonly code: string; readonly at: Date },
): Promise<void> {
  const row = await trx
    .selectFrom('commerce_promotions')
    .selectAll()
    .where('tenant_id', '=', cart.tenant_id)
    .where('code', '=', input.code)
    .executeTakeFirst()
  if (!row) throw refused(input.code, 'NOT_FOUND')
  const onCart = await trx
    .selectFrom('commerce_cart_promotions')
    .select('promotion_id')
    .where('tenant_id', '=', cart.tenant_id)
    .where('cart_id', '=', cart.id)
    .execute()
  if (onCart.some((entry) => entry.promotion_id === row.id)) return
  if (onCart.length >= MAX_CART_CODES)
    throw refused(input.code, `a cart takes at most ${MAX_CART_CODES} codes`)
  const key = customerKey({ customerId: cart.customer_id, email: cart.email })
  const [subtotal, uses] = await Promise.all([
    trx
      .selectFrom('commerce_cart_lines')
      .select((eb) =>
        eb.fn.sum<string | number | null>(eb('unit_price', '*', eb.ref('quantity'))).as('sum'),
      )
      .where('tenant_id', '=', cart.tenant_id)
      .where('cart_id', '=', cart.id)
      .executeTakeFirstOrThrow(),
    key === null
      ? Promise.resolve(undefined)
      : trx
          .selectFrom('commerce_promotion_usages')
          .select('count')
          .where('promotion_id', '=', row.id)
          .where('customer_key', '=', key)
          .executeTakeFirst(),
  ])
  const refusal = promotionRefusal(toPromotion(row), {
    at: input.at,
    currency: cart.currency,
    subtotal: Number(subtotal.sum ?? 0),
    customerUses: uses?.count ?? 0,
  })
  if (refusal !== null) throw refused(input.code, refusal)
  await trx
    .insertInto('commerce_cart_promotions')
    .values({
      tenant_id: cart.tenant_id,
      cart_id: cart.id,
      promotion_id: row.id,
      added_at: input.at,
    })
    .execute()
}

/** Takes a discount code off a locked cart; `NOT_FOUND` when the cart does not have it. */
export async function removeCartCode(
  trx: Kysely<CommerceTables>,
  cart: LockedCart,
  code: string,
): Promise<void> {
  const removed = await trx
    .deleteFrom('commerce_cart_promotions')
    .where('tenant_id', '=', cart.tenant_id)
    .where('cart_id', '=', cart.id)
    .where('promotion_id', 'in', (eb) =>
      eb
        .selectFrom('commerce_promotions')
        .select('id')
        .where('tenant_id', '=', cart.tenant_id)
        .where('code', '=', code.toUpperCase()),
    )
    .returning('promotion_id')
    .executeTakeFirst()
  if (!removed) throw new CommerceError('NOT_FOUND', `The cart has no code ${code}`)
}
