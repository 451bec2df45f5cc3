import type { Kysely } from 'kysely'
import type { CommerceTables } from '../commerce-tables'
import { resolveVariantPrices } from '../pricing/price-resolution'

/** A line to price: its variant and quantity (tiers depend on it). */
interface LineToPrice {
  readonly id: string
  readonly variantId: string
  readonly quantity: number
}

/** A resolved unit price of a line, or `null` when no price applies any more. */
export interface LinePrice {
  readonly unitPrice: number
  readonly compareAt: number | null
  readonly source: 'base' | 'sale' | 'override'
}

/**
 * The unit prices of `lines` in the region at `at`, from the price resolver (ADR 0026): one
 * resolution per distinct quantity (a tier holds a quantity), each for all its variants at once.
 */
export async function priceLines(
  db: Kysely<CommerceTables>,
  scope: { readonly tenantId: string; readonly regionId: string; readonly at: Date },
  lines: readonly LineToPrice[],
): Promise<Map<string, LinePrice | null>> {
  const byQuantity = new Map<number, LineToPrice[]>()
  for (const line of lines)
    byQuantity.set(line.quantity, [...(byQuantity.get(line.quantity) ?? []), line])
  const prices = new Map<string, LinePrice | null>()
  for (const [quantity, group] of byQuantity) {
    const resolved = await resolveVariantPrices(
      db,
      { tenantId: scope.tenantId, now: () => scope.at },
      {
        variantIds: group.map((line) => line.variantId),
        regionId: scope.regionId,
        quantity,
        at: scope.at,
      },
    )
    group.forEach((line, index) => {
      const price = resolved.items[index]?.price ?? null
      prices.set(
        line.id,
        price && {
          unitPrice: price.amount,
          compareAt: price.compareAt,
          source: price.reason.source,
        },
      )
    })
  }
  return prices
}

/**
 * Re-resolves every line's unit price in the cart's region and stores those that changed (prices
 * are re-resolved whenever the cart changes). Returns the ids of lines no price applies to any
 * more: they keep their last price, and the checkout refuses them.
 */
export async function repriceCart(
  trx: Kysely<CommerceTables>,
  cart: {
    readonly tenantId: string
    readonly cartId: string
    readonly regionId: string
    readonly at: Date
  },
): Promise<readonly string[]> {
  const lines = await trx
    .selectFrom('commerce_cart_lines')
    .select(['id', 'variant_id', 'quantity', 'unit_price', 'compare_at', 'price_source'])
    .where('tenant_id', '=', cart.tenantId)
    .where('cart_id', '=', cart.cartId)
    .execute()
  const prices = await priceLines(
    trx,
    cart,
    lines.map((line) => ({ id: line.id, variantId: line.variant_id, quantity: line.quantity })),
  )
  const unpriced: string[] = []
  for (const line of lines) {
    const price = prices.get(line.id) ?? null
    if (price === null) {
      unpriced.push(line.id)
      continue
    }
    const compareAt = line.compare_at === null ? null : Number(line.compare_at)
    if (
      Number(line.unit_price) === price.unitPrice &&
      compareAt === price.compareAt &&
      line.price_source === price.source
    )
      continue
    await trx
      .updateTable('commerce_cart_lines')
      .set({
        unit_price: price.unitPrice,
        compare_at: price.compareAt,
        price_source: price.source,
        updated_at: cart.at,
      })
      .where('tenant_id', '=', cart.tenantId)
      .where('id', '=', line.id)
      .execute()
  }
  return unpriced
}
