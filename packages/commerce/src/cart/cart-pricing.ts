import { sql, type Kysely } from 'kysely'
import type { CommerceTables, PriceListKind } from '../commerce-tables'
import { resolvePrice, type PriceCandidate } from '../pricing/price-resolver'

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

interface CandidateRow {
  id: string
  variant_id: string
  currency: string
  region_id: string | null
  price_list_id: string | null
  amount: string | number
  compare_at: string | number | null
  min_quantity: number
  max_quantity: number | null
  list_type: PriceListKind | null
  list_status: 'draft' | 'active' | null
  starts_at: Date | null
  ends_at: Date | null
}

const toCandidate = (row: CandidateRow): PriceCandidate => ({
  id: row.id,
  currency: row.currency,
  regionId: row.region_id,
  minQuantity: row.min_quantity,
  maxQuantity: row.max_quantity,
  amount: Number(row.amount),
  compareAt: row.compare_at === null ? null : Number(row.compare_at),
  priceList:
    row.price_list_id === null
      ? null
      : {
          id: row.price_list_id,
          type: row.list_type ?? 'sale',
          status: row.list_status ?? 'draft',
          startsAt: row.starts_at,
          endsAt: row.ends_at,
        },
})

/**
 * The unit prices of `lines` in the region (its currency) at `at`: ONE statement loads every
 * candidate price of their variants — the region's and currency-wide ones, with their lists,
 * whatever the tier — then the pure {@link resolvePrice} (ADR 0026) picks each line's for its own
 * quantity. The SQL only narrows (currency, region, list active in its window); the resolver decides.
 */
export async function priceLines(
  db: Kysely<CommerceTables>,
  scope: {
    readonly tenantId: string
    readonly regionId: string
    readonly currency: string
    readonly at: Date
  },
  lines: readonly LineToPrice[],
): Promise<Map<string, LinePrice | null>> {
  const prices = new Map<string, LinePrice | null>()
  if (lines.length === 0) return prices
  const variantIds = [...new Set(lines.map((line) => line.variantId))]
  const { rows } = await sql<CandidateRow>`
    select p.id, p.variant_id, p.currency, p.region_id, p.price_list_id, p.amount, p.compare_at,
      p.min_quantity, p.max_quantity, l.type as list_type, l.status as list_status, l.starts_at, l.ends_at
    from commerce_prices p
    left join commerce_price_lists l on l.tenant_id = p.tenant_id and l.id = p.price_list_id
    where p.tenant_id = ${scope.tenantId} and p.currency = ${scope.currency}
      and (p.region_id is null or p.region_id = ${scope.regionId})
      and p.variant_id in (${sql.join(variantIds)})
      and (p.price_list_id is null or (l.status = 'active'
        and (l.starts_at is null or l.starts_at <= ${scope.at})
        and (l.ends_at is null or l.ends_at > ${scope.at})))`.execute(db)
  const byVariant = new Map<string, PriceCandidate[]>()
  for (const row of rows)
    byVariant.set(row.variant_id, [...(byVariant.get(row.variant_id) ?? []), toCandidate(row)])
  for (const line of lines) {
    const price = resolvePrice(byVariant.get(line.variantId) ?? [], {
      currency: scope.currency,
      regionId: scope.regionId,
      quantity: line.quantity,
      at: scope.at,
    })
    prices.set(
      line.id,
      price
        ? { unitPrice: price.amount, compareAt: price.compareAt, source: price.reason.source }
        : null,
    )
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
    readonly currency: string
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
